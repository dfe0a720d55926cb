/**
 * A ring that keeps the last `capacity` items: push is O(1), memory stays
 * flat however noisy the container. Index 0 is the oldest item kept; `seq`
 * numbers every item ever pushed, for stable React keys.
 */
export class LineBuffer<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private size = 0;
  private pushed = 0;

  constructor(readonly capacity = 5000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.slots = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** How many items were ever pushed (since the last clear). */
  get totalPushed(): number {
    return this.pushed;
  }

  /** How many items fell out of the ring. */
  get dropped(): number {
    return this.pushed - this.size;
  }

  /** Slots allocated; equal to capacity, whatever was pushed. */
  get storageSize(): number {
    return this.slots.length;
  }

  push(item: T): void {
    if (this.size < this.capacity) {
      this.slots[(this.head + this.size) % this.capacity] = item;
      this.size++;
    } else {
      this.slots[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
    }
    this.pushed++;
  }

  pushAll(items: Iterable<T>): void {
    for (const item of items) this.push(item);
  }

  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) return undefined;
    return this.slots[(this.head + index) % this.capacity];
  }

  /** The sequence number of the item at `index`. */
  seqAt(index: number): number {
    return this.dropped + index;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.at(i)!);
    return out;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.size = 0;
    this.pushed = 0;
  }
}
