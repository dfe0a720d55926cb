/**
 * Collects log lines and hands them on in batches, so a chatty container
 * costs one message per interval rather than one per line.
 */
import type { LogLine } from '../../../preload/contract';

export interface BatchLimits {
  intervalMs: number;
  maxLines: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { intervalMs: 50, maxLines: 1000 };

export class LogBatcher {
  private pending: LogLine[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deliver: (lines: LogLine[]) => void,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  add(lines: LogLine[]): void {
    for (const line of lines) {
      this.pending.push(line);
      if (this.pending.length >= this.limits.maxLines) this.flush();
    }
    if (this.pending.length > 0) this.timer ??= setTimeout(() => this.flush(), this.limits.intervalMs);
  }

  flush(): void {
    this.cancel();
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.deliver(lines);
  }

  /** Drops the timer; lines still pending are kept for a later flush. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
