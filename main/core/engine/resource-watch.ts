/**
 * Samples the VM's resources only while someone watches: the first watcher
 * starts a 2 s timer, the last one to leave (or whose session closes) stops
 * it. Each watcher gets the samples as stream events of its own.
 */
import { randomUUID } from 'node:crypto';
import { BerthError } from '../../../preload/contract';
import type { Session } from '../rpc/session';
import { toResources, type GuestSample } from '../vm/guest-resources';

export class ResourceWatch {
  private readonly watchers = new Map<string, Session>();
  private timer: NodeJS.Timeout | null = null;
  private previous: GuestSample | null = null;
  private sampling = false;

  constructor(
    private readonly sample: () => Promise<GuestSample>,
    private readonly intervalMs = 2_000,
  ) {}

  get watching(): number {
    return this.watchers.size;
  }

  watch(session: Session): { subscriptionId: string } {
    const subscriptionId = randomUUID();
    this.watchers.set(subscriptionId, session);
    session.own(`resources:${subscriptionId}`, () => this.forget(subscriptionId));
    if (!this.timer) {
      this.previous = null;
      this.timer = setInterval(() => void this.tick(), this.intervalMs);
      this.timer.unref();
      void this.tick();
    }
    return { subscriptionId };
  }

  async unwatch(subscriptionId: string, session: Session): Promise<void> {
    if (!(await session.release(`resources:${subscriptionId}`))) {
      throw new BerthError('not-found', `No resource subscription ${subscriptionId} in this session`);
    }
  }

  private forget(subscriptionId: string): void {
    this.watchers.delete(subscriptionId);
    if (this.watchers.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private async tick(): Promise<void> {
    if (this.sampling) return; // a slow guest (TCG) must not pile up samples
    this.sampling = true;
    try {
      const current = await this.sample();
      const resources = toResources(this.previous, current, Date.now());
      this.previous = current;
      for (const [subscriptionId, session] of this.watchers) {
        session.emit('engine:resources-received', { subscriptionId, resources });
      }
    } catch {
      // The engine is stopping or the channel is down: the state event says so; try again next tick.
    } finally {
      this.sampling = false;
    }
  }
}
