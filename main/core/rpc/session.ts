/**
 * One connected client (a window, a web socket, the CLI). Stream events go to
 * the session that asked for them, and whatever a session opened is closed
 * with it.
 */
import type { StreamEvents } from '../../../preload/contract';
import { DisposableStack, type Dispose } from '../disposables';

export type StreamSink = <E extends keyof StreamEvents>(event: E, payload: StreamEvents[E]) => void;

export class Session {
  private readonly resources = new DisposableStack();
  private readonly owned = new Map<string, Dispose>();

  constructor(
    readonly id: string,
    private readonly sink: StreamSink,
  ) {}

  get isClosed(): boolean {
    return this.resources.isClosed;
  }

  emit<E extends keyof StreamEvents>(event: E, payload: StreamEvents[E]): void {
    if (!this.isClosed) this.sink(event, payload);
  }

  /** Registers a resource the session owns under `key`, until released or closed. */
  own(key: string, dispose: Dispose): void {
    this.owned.set(key, dispose);
    this.resources.defer(async () => {
      const current = this.owned.get(key);
      this.owned.delete(key);
      if (current) await current();
    });
  }

  /** Closes one owned resource now; false when the session has no such key. */
  async release(key: string): Promise<boolean> {
    const dispose = this.owned.get(key);
    if (!dispose) return false;
    this.owned.delete(key);
    await dispose();
    return true;
  }

  close(): Promise<void> {
    return this.resources.close();
  }
}
