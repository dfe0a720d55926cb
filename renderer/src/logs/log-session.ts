/**
 * What a log view shows, as an external store for useSyncExternalStore: the
 * ring of lines plus the stream's status. Lines arriving in bursts are
 * announced at most once per frame (about 16 ms). No DOM.
 */
import type { BerthApi } from '../../../preload/contract/client';
import type { LogLine } from '../../../preload/contract/dto';
import type { BerthError } from '../../../preload/contract/errors';
import { LineBuffer } from './line-buffer';
import { LogStream } from './log-stream';

export const LOG_CAPACITY = 5000;

export interface LogSnapshot {
  /** Bumped whenever the buffer changed. */
  version: number;
  subscribed: boolean;
  tty: boolean;
  /** undefined while streaming; the reason (or null) once the stream ended. */
  ended: string | null | undefined;
  error: BerthError | null;
}

const INITIAL: LogSnapshot = { version: 0, subscribed: false, tty: false, ended: undefined, error: null };

export class LogSession {
  readonly buffer = new LineBuffer<LogLine>(LOG_CAPACITY);
  private snapshot: LogSnapshot = INITIAL;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly frameMs = 16) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): LogSnapshot => this.snapshot;

  /** Starts streaming `id`; returns the function that stops it. */
  open(api: BerthApi, id: string, timestamps: boolean): () => void {
    this.buffer.clear();
    this.set({ ...INITIAL, version: this.snapshot.version + 1 });
    const stream = new LogStream(api, {
      id,
      timestamps,
      onReady: ({ tty }) => this.set({ ...this.snapshot, subscribed: true, tty }),
      onLines: (lines) => {
        this.buffer.pushAll(lines);
        this.schedule();
      },
      onEnd: (reason) => this.set({ ...this.snapshot, ended: reason }),
      onError: (error) => this.set({ ...this.snapshot, error }),
    });
    void stream.start();
    return () => {
      stream.stop();
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  clear(): void {
    this.buffer.clear();
    this.set({ ...this.snapshot, version: this.snapshot.version + 1 });
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.set({ ...this.snapshot, version: this.snapshot.version + 1 });
    }, this.frameMs);
  }

  private set(next: LogSnapshot): void {
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
}
