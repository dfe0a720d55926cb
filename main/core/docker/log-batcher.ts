/**
 * Collects log lines and hands them on in batches, so a chatty container
 * costs one message per interval rather than one per line.
 *
 * With a `flow`, a batch is handed on only while the receiver keeps up. When
 * it is congested the batcher keeps its lines, asks the source to pause, and
 * once the receiver is writable again hands them on, in order, before asking
 * the source to resume. So what waits here is bounded: about one batch plus
 * whatever was already on its way when the source paused.
 */
import type { LogLine } from '../../../preload/contract';

export interface BatchLimits {
  intervalMs: number;
  maxLines: number;
  /** Characters of text in one batch, so a batch of long lines stays one modest message. */
  maxChars?: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { intervalMs: 50, maxLines: 1000, maxChars: 1024 * 1024 };

export interface BatchFlow {
  /** Whether the receiver is behind right now. */
  congested(): boolean;
  /** Resolves once the receiver can take more, has gone, or `signal` aborts. */
  whenWritable(signal: AbortSignal): Promise<void>;
  /** Pauses (true) or resumes (false) the source of the lines. */
  hold(paused: boolean): void;
}

export class LogBatcher {
  private pending: LogLine[] = [];
  /** Text characters in `pending`, counted only when there is a maxChars. */
  private pendingChars = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Lines are kept until the receiver is writable again. */
  private holding = false;
  /** The source was asked to pause and has not been resumed. */
  private sourcePaused = false;
  private ending: (() => void) | null = null;
  private readonly stopped = new AbortController();

  constructor(
    private readonly deliver: (lines: LogLine[]) => void,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
    private readonly flow: BatchFlow | null = null,
  ) {}

  /** Whether lines are being kept back for a congested receiver. */
  get isHolding(): boolean {
    return this.holding;
  }

  add(lines: LogLine[]): void {
    if (this.stopped.signal.aborted) return;
    const maxChars = this.limits.maxChars;
    for (const line of lines) {
      this.pending.push(line);
      if (maxChars !== undefined) this.pendingChars += line.text.length;
      if (this.holding) continue;
      if (this.pending.length >= this.limits.maxLines || (maxChars !== undefined && this.pendingChars >= maxChars)) this.flush();
    }
    if (this.pending.length > 0 && !this.holding) this.timer ??= setTimeout(() => this.flush(), this.limits.intervalMs);
  }

  /** Hands on what is pending now, unless the receiver is congested (then once it is not). */
  flush(): void {
    this.cancel();
    if (this.holding) return;
    while (this.pending.length > 0) {
      if (this.flow?.congested()) return this.hold(this.flow);
      this.deliver(this.takeBatch());
    }
  }

  // Up to maxLines lines and maxChars characters (at least one line, however long).
  private takeBatch(): LogLine[] {
    const maxChars = this.limits.maxChars;
    let count = Math.min(this.pending.length, this.limits.maxLines);
    if (maxChars !== undefined) {
      let chars = 0;
      for (let i = 0; i < count; i++) {
        chars += this.pending[i]!.text.length;
        if (chars >= maxChars) {
          count = i + 1;
          break;
        }
      }
    }
    const batch = this.pending.splice(0, count);
    if (maxChars !== undefined) for (const line of batch) this.pendingChars -= line.text.length;
    return batch;
  }

  /** No more lines will come: hands on what is left (once the receiver can take it), then calls `then`. */
  end(then: () => void): void {
    this.ending = then;
    this.flush();
    this.endIfDelivered();
  }

  /** Drops the timer; lines still pending are kept for a later flush. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Stops for good: drops what is pending, stops waiting for the receiver, never delivers again. */
  dispose(): void {
    this.stopped.abort();
    this.cancel();
    this.pending = [];
    this.pendingChars = 0;
    this.ending = null;
  }

  private hold(flow: BatchFlow): void {
    this.holding = true;
    if (!this.sourcePaused) {
      this.sourcePaused = true;
      flow.hold(true);
    }
    void flow
      .whenWritable(this.stopped.signal)
      .catch(() => undefined)
      .then(() => {
        if (this.stopped.signal.aborted) return;
        this.holding = false;
        // What was kept goes first; a receiver congested again keeps the source paused.
        this.flush();
        if (this.holding) return;
        if (this.ending) return this.endIfDelivered();
        this.sourcePaused = false;
        flow.hold(false);
      });
  }

  private endIfDelivered(): void {
    if (this.holding || this.pending.length > 0 || !this.ending) return;
    const then = this.ending;
    this.ending = null;
    then();
  }
}
