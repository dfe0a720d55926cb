import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../../renderer/src/logs/line-buffer';

describe('renderer LineBuffer', () => {
  it('keeps everything, in order, below capacity', () => {
    const b = new LineBuffer<number>(5);
    b.pushAll([1, 2, 3]);
    expect(b.length).toBe(3);
    expect(b.toArray()).toEqual([1, 2, 3]);
    expect(b.at(0)).toBe(1);
    expect(b.at(2)).toBe(3);
    expect(b.at(3)).toBeUndefined();
    expect(b.dropped).toBe(0);
  });

  it('drops the oldest once full and keeps the order of the rest', () => {
    const b = new LineBuffer<number>(3);
    b.pushAll([1, 2, 3, 4, 5]);
    expect(b.length).toBe(3);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.dropped).toBe(2);
    expect(b.totalPushed).toBe(5);
    expect(b.seqAt(0)).toBe(2);
    expect(b.seqAt(2)).toBe(4);
  });

  it('defaults to 5000 lines', () => {
    const b = new LineBuffer<string>();
    for (let i = 0; i < 6000; i++) b.push(`line ${i}`);
    expect(b.capacity).toBe(5000);
    expect(b.length).toBe(5000);
    expect(b.at(0)).toBe('line 1000');
    expect(b.at(4999)).toBe('line 5999');
  });

  it('stays flat after 100k pushes: storage never grows, only the last N are reachable', () => {
    const b = new LineBuffer<{ text: string }>(5000);
    for (let i = 0; i < 100_000; i++) b.push({ text: `line ${i} ${'x'.repeat(100)}` });
    expect(b.length).toBe(5000);
    expect(b.storageSize).toBe(5000);
    expect(b.at(0)!.text.startsWith('line 95000 ')).toBe(true);
    expect(b.at(4999)!.text.startsWith('line 99999 ')).toBe(true);
    const all = b.toArray();
    expect(all).toHaveLength(5000);
    for (let i = 1; i < all.length; i++) {
      expect(Number(all[i]!.text.split(' ')[1])).toBe(Number(all[i - 1]!.text.split(' ')[1]) + 1);
    }
  });

  it('push costs the same when full as when empty (O(1), no shifting)', () => {
    const b = new LineBuffer<number>(100_000);
    for (let i = 0; i < 100_000; i++) b.push(i);
    const t0 = performance.now();
    for (let i = 0; i < 1_000_000; i++) b.push(i);
    const full = performance.now() - t0;
    // An Array.shift-based buffer of 100k needs seconds for a million pushes.
    expect(full).toBeLessThan(1000);
    expect(b.at(0)).toBe(900_000);
  });

  it('clears', () => {
    const b = new LineBuffer<number>(2);
    b.pushAll([1, 2, 3]);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.toArray()).toEqual([]);
    b.push(9);
    expect(b.toArray()).toEqual([9]);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new LineBuffer(0)).toThrow(RangeError);
  });
});
