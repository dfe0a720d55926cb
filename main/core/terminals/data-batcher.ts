/**
 * Collects terminal output and hands it on about every 16 ms (a frame), or at
 * once when 200 KB are waiting, so a chatty program costs one message per
 * frame rather than one per read. (Model: Hyper's app/session.ts DataBatcher.)
 */

export interface DataBatchLimits {
  intervalMs: number;
  /** Characters (UTF-16 units) waiting that trigger an immediate flush. */
  maxChars: number;
}

export const DEFAULT_DATA_BATCH_LIMITS: DataBatchLimits = { intervalMs: 16, maxChars: 200 * 1024 };

export class DataBatcher {
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    private readonly deliver: (data: string) => void,
    private readonly limits: DataBatchLimits = DEFAULT_DATA_BATCH_LIMITS,
  ) {}

  write(data: string): void {
    if (this.disposed || data === '') return;
    this.parts.push(data);
    this.size += data.length;
    if (this.size >= this.limits.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.intervalMs);
  }

  /** Hands on everything waiting now (one call), if anything is. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.size === 0) return;
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.deliver(data);
  }

  /** Drops what waits and never delivers again. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.parts = [];
    this.size = 0;
  }
}
