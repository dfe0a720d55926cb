/**
 * At most `max` dials into the VM at once; the rest wait their turn. QEMU's
 * user-network port forward listens with a backlog of 1 and accepts from its
 * (under TCG, busy) main loop: a burst of connects beyond that has its SYNs
 * dropped and retried by the kernel for seconds, so 60 browser connections at
 * once would mostly time out. Queued in Node instead, each waits only for
 * the dials ahead of it.
 */
import { BerthError } from '../../../preload/contract';

export class DialLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly max: number,
    private readonly maxWaiting = 4096,
  ) {}

  async run<T>(dial: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new BerthError('engine-unavailable', `${this.maxWaiting} connections are already waiting to reach the VM; try again in a moment`);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await dial();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
