/**
 * One connected client (a window, a web socket, the CLI). Stream events go to
 * the session that asked for them, and whatever a session opened is closed
 * with it.
 *
 * A session whose transport can tell how much it has not yet sent says so
 * through `congested`: producers of stream events (a log stream) hold back
 * while it is, and wait for `whenWritable()`, so a client that stops reading
 * costs a bounded amount of memory rather than an ever-growing send buffer.
 */
import type { StreamEvents } from '../../../preload/contract';
import { DisposableStack, type Dispose } from '../disposables';

export type StreamSink = <E extends keyof StreamEvents>(event: E, payload: StreamEvents[E]) => void;

export interface SessionOptions {
  /**
   * True while the client's transport holds more unsent data than it should
   * (a web socket's bufferedAmount, a socket's writableLength). Without it the
   * session is never congested (Electron IPC: the renderer bounds its own buffer).
   */
  congested?: () => boolean;
}

/** How much unsent data a transport may hold before its session counts as congested. */
export const CONGESTED_BYTES = 2 ** 20;

/** How often a congested session is checked again while something waits for it. */
const WRITABLE_POLL_MS = 20;

export class Session {
  private readonly resources = new DisposableStack();
  private readonly owned = new Map<string, Dispose>();
  private readonly waiters = new Set<() => void>();
  private poll: NodeJS.Timeout | null = null;

  constructor(
    readonly id: string,
    private readonly sink: StreamSink,
    private readonly options: SessionOptions = {},
  ) {}

  get isClosed(): boolean {
    return this.resources.isClosed;
  }

  /** Whether the client is behind on what it was sent; a closed session never is. */
  get isCongested(): boolean {
    return !this.isClosed && this.options.congested?.() === true;
  }

  emit<E extends keyof StreamEvents>(event: E, payload: StreamEvents[E]): void {
    if (!this.isClosed) this.sink(event, payload);
  }

  /**
   * Resolves once the session is not congested, is closed, or `signal` aborts
   * (whoever waited has gone); at once when none of that needs waiting for.
   */
  whenWritable(signal?: AbortSignal): Promise<void> {
    if (!this.isCongested || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        if (this.waiters.size === 0) this.stopPolling();
        resolve();
      };
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
      // Polled only while someone waits; the transport keeps the process alive, not this timer.
      this.poll ??= setInterval(() => this.wakeIfWritable(), WRITABLE_POLL_MS).unref();
    });
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
    const closing = this.resources.close();
    // Closed now, so no longer congested: nothing is left waiting on a client that has gone.
    this.wakeIfWritable();
    return closing;
  }

  private wakeIfWritable(): void {
    if (this.isCongested) return;
    for (const done of [...this.waiters]) done();
    this.stopPolling();
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }
}
