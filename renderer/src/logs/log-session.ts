/**
 * What a log view shows, as an external store for useSyncExternalStore: the
 * ring of lines from one container or several (a compose project's merged
 * logs), the state of each stream, and whether the view is paused. Lines
 * arriving in bursts are announced at most once per frame (about 16 ms).
 * No DOM.
 *
 * Timestamps are always asked for: merged lines are put in time order with
 * them, and the view shows or hides them without opening the streams again.
 * While paused, new lines wait aside (not in the ring the user is reading)
 * and join it, in order, on resume.
 */
import type { BerthApi } from '../../../preload/contract/client';
import type { LogLine, LogStream as LogStreamName } from '../../../preload/contract/dto';
import type { BerthError } from '../../../preload/contract/errors';
import { stripAnsi } from './ansi';
import { collapseCarriageReturns } from './carriage-return';
import { LineBuffer } from './line-buffer';
import { LogStream } from './log-stream';

export const LOG_CAPACITY = 5000;
/** Lines kept aside while paused; beyond this the oldest of them are dropped, and counted. */
export const HOLD_LIMIT = 100_000;
/** How long merged lines wait to be put in time order with lines of the other containers. */
export const MERGE_WINDOW_MS = 100;

export interface LogSource {
  id: string;
  /** The compose service (or container name) shown before each line when several are merged. */
  label: string | null;
}

export interface ViewLine {
  /** Index of its source in the session's sources. */
  source: number;
  stream: LogStreamName;
  /** Carriage-return progress collapsed to its final state; colour codes kept. */
  text: string;
  /** What the user sees: no escape codes. */
  plain: string;
  timestamp: string | null;
}

export interface SourceState {
  label: string | null;
  subscribed: boolean;
  tty: boolean;
  /** undefined while streaming; the reason (or null) once the stream ended. */
  ended: string | null | undefined;
  error: BerthError | null;
}

export interface LogSnapshot {
  /** Bumped whenever the ring changed. */
  version: number;
  sources: SourceState[];
  paused: boolean;
  /** Lines waiting for resume. */
  held: number;
  /** Lines dropped from the waiting ones because the pause went on too long. */
  heldDropped: number;
}

const INITIAL: LogSnapshot = { version: 0, sources: [], paused: false, held: 0, heldDropped: 0 };

// Any character the ANSI parser would drop or act on; a line without one is shown as it is.
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x9b]/;

export function toViewLine(line: LogLine, source: number): ViewLine {
  const text = collapseCarriageReturns(line.text);
  return { source, stream: line.stream, text, plain: CONTROL.test(text) ? stripAnsi(text) : text, timestamp: line.timestamp };
}

/** RFC 3339 with its fraction padded to 9 digits, so timestamps compare as strings (Docker trims trailing zeros). */
export function timestampKey(ts: string | null): string {
  if (ts === null) return '';
  const m = /^([^.]*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}${m[3]}` : ts;
}

/** Orders lines by time, keeping the arrival order of equal (or missing) timestamps. */
export function orderByTime(lines: ViewLine[]): ViewLine[] {
  return lines
    .map((line, i) => ({ line, i, key: timestampKey(line.timestamp) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map((x) => x.line);
}

export class LogSession {
  readonly buffer: LineBuffer<ViewLine>;
  private snapshot: LogSnapshot = INITIAL;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private mergeTimer: ReturnType<typeof setTimeout> | null = null;
  private merging: ViewLine[] = [];
  private held: ViewLine[] = [];
  private heldDropped = 0;
  private merged = false;

  constructor(
    private readonly frameMs = 16,
    capacity = LOG_CAPACITY,
    private readonly holdLimit = HOLD_LIMIT,
  ) {
    this.buffer = new LineBuffer<ViewLine>(capacity);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): LogSnapshot => this.snapshot;

  /** Starts streaming every source; returns the function that stops them. */
  open(api: BerthApi, sources: LogSource[]): () => void {
    this.buffer.clear();
    this.held = [];
    this.heldDropped = 0;
    this.merging = [];
    this.merged = sources.length > 1;
    // A fresh stream starts followed: a pause belonged to the lines that were just cleared.
    this.set({
      ...INITIAL,
      version: this.snapshot.version + 1,
      sources: sources.map((s) => ({ label: s.label, subscribed: false, tty: false, ended: undefined, error: null })),
    });
    const streams = sources.map(
      (source, index) =>
        new LogStream(api, {
          id: source.id,
          timestamps: true,
          onReady: ({ tty }) => this.updateSource(index, { subscribed: true, tty }),
          onLines: (lines) => this.receive(lines.map((line) => toViewLine(line, index))),
          onEnd: (reason) => this.updateSource(index, { ended: reason }),
          onError: (error) => this.updateSource(index, { error }),
        }),
    );
    for (const stream of streams) void stream.start();
    return () => {
      for (const stream of streams) stream.stop();
      for (const t of [this.timer, this.mergeTimer]) if (t) clearTimeout(t);
      this.timer = null;
      this.mergeTimer = null;
    };
  }

  /** Freezes what the view shows; new lines wait until resume. */
  pause(): void {
    if (!this.snapshot.paused) this.set({ ...this.snapshot, paused: true });
  }

  /** Adds the lines that waited, in order, and lets new ones straight in again. */
  resume(): void {
    if (!this.snapshot.paused) return;
    this.buffer.pushAll(this.held);
    this.held = [];
    this.heldDropped = 0;
    this.set({ ...this.snapshot, paused: false, held: 0, heldDropped: 0, version: this.snapshot.version + 1 });
  }

  clear(): void {
    this.buffer.clear();
    this.held = [];
    this.heldDropped = 0;
    this.set({ ...this.snapshot, held: 0, heldDropped: 0, version: this.snapshot.version + 1 });
  }

  private receive(lines: ViewLine[]): void {
    if (!this.merged) return this.append(lines);
    // A silent container holds nothing up: the window closes on time, whoever has spoken.
    this.merging.push(...lines);
    this.mergeTimer ??= setTimeout(() => {
      this.mergeTimer = null;
      const batch = orderByTime(this.merging);
      this.merging = [];
      this.append(batch);
    }, MERGE_WINDOW_MS);
  }

  private append(lines: ViewLine[]): void {
    if (this.snapshot.paused) {
      for (const line of lines) this.held.push(line);
      const over = this.held.length - this.holdLimit;
      if (over > 0) {
        this.held.splice(0, over);
        this.heldDropped += over;
      }
    } else {
      this.buffer.pushAll(lines);
    }
    this.schedule();
  }

  private updateSource(index: number, patch: Partial<SourceState>): void {
    const sources = this.snapshot.sources.map((s, i) => (i === index ? { ...s, ...patch } : s));
    this.set({ ...this.snapshot, sources });
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const paused = this.snapshot.paused;
      this.set({
        ...this.snapshot,
        held: this.held.length,
        heldDropped: this.heldDropped,
        // While paused the ring does not change, so rows need not render again.
        version: paused ? this.snapshot.version : this.snapshot.version + 1,
      });
    }, this.frameMs);
  }

  private set(next: LogSnapshot): void {
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
}
