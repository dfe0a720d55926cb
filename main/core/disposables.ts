/**
 * Everything opened (a stream, a listener, a subscription) is pushed on a
 * stack and closed in reverse order; closing collects every failure instead
 * of stopping at the first.
 */
export type Dispose = () => void | Promise<void>;

export class DisposableStack {
  private readonly stack: Dispose[] = [];
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Adds `dispose`; if the stack is already closed, runs it at once. */
  defer(dispose: Dispose): void {
    if (this.closed) {
      void Promise.resolve().then(dispose).catch((e) => console.error('berth: late dispose failed:', e));
      return;
    }
    this.stack.push(dispose);
  }

  async close(): Promise<void> {
    this.closed = true;
    const errors: unknown[] = [];
    while (this.stack.length > 0) {
      const dispose = this.stack.pop()!;
      try {
        await dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} resources failed to close`);
  }
}
