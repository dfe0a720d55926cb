/**
 * Runs a task a short while after it was first asked for, however often it
 * was asked meanwhile; never two at once, and a request made during a run
 * gets a run of its own afterwards, so the last answer is never stale.
 */
export class Coalescer {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly delayMs: number,
  ) {}

  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // Not reset by later requests: a steady trickle of events still gets answered.
    this.timer ??= setTimeout(() => void this.run(), this.delayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    this.timer = null;
    this.running = true;
    try {
      await this.task();
    } catch (error) {
      // The next request tries again; one failed run must not end the loop.
      console.error('berth: coalesced task failed:', error);
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.request();
      }
    }
  }
}
