/**
 * One container's event becomes its fresh summary on the bus at once, so a
 * start shows in its row without waiting for the coalesced full list (which
 * stays as the safety net). Answers may come back out of order: only the
 * latest asked for a container is published, and a full list that was under
 * way meanwhile gets the patches laid over it, as they are at least as new as
 * the events that caused them.
 */
import type { ContainerChanged, ContainerSummary } from '../../../preload/contract';

export class ContainerPatches {
  private asked = 0;
  private readonly latest = new Map<string, number>();
  private listing = false;
  private readonly duringList = new Map<string, ContainerSummary | null>();
  private stopped = false;

  constructor(
    /** The container's summary now, null when it is gone. */
    private readonly summaryOf: (id: string) => Promise<ContainerSummary | null>,
    private readonly publish: (change: ContainerChanged) => void,
  ) {}

  /** The engine reported a change to container `id` (its full id). */
  changed(id: string): void {
    if (this.stopped) return;
    const ticket = ++this.asked;
    this.latest.set(id, ticket);
    this.summaryOf(id).then(
      (summary) => {
        if (this.stopped || this.latest.get(id) !== ticket) return;
        this.latest.delete(id);
        if (this.listing) this.duringList.set(id, summary);
        this.publish({ id, summary });
      },
      () => {
        // The full list that every event also asks for brings the change instead.
        if (this.latest.get(id) === ticket) this.latest.delete(id);
      },
    );
  }

  /** Runs one full listing and lays over it the patches published while it ran. */
  async list(load: () => Promise<ContainerSummary[]>): Promise<ContainerSummary[]> {
    this.listing = true;
    this.duringList.clear();
    try {
      return overlay(await load(), this.duringList);
    } finally {
      this.listing = false;
      this.duringList.clear();
    }
  }

  stop(): void {
    this.stopped = true;
  }
}

/** `items` with each changed container replaced, removed (null) or added. */
export function overlay(items: ContainerSummary[], changes: ReadonlyMap<string, ContainerSummary | null>): ContainerSummary[] {
  if (changes.size === 0) return items;
  const result: ContainerSummary[] = [];
  const placed = new Set<string>();
  for (const item of items) {
    if (!changes.has(item.id)) result.push(item);
    else {
      placed.add(item.id);
      const now = changes.get(item.id);
      if (now) result.push(now);
    }
  }
  for (const [id, now] of changes) if (now && !placed.has(id)) result.push(now);
  return result;
}
