import { describe, expect, it } from 'vitest';
import { DialLimit } from '../../main/core/ports/dial-limit';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('dials into the VM, a few at a time', () => {
  it('runs at most `max` at once, the rest in arrival order, and all finish', async () => {
    const limit = new DialLimit(2);
    const release: (() => void)[] = [];
    const started: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const results = Array.from({ length: 6 }, (_, i) =>
      limit.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++inFlight);
        await new Promise<void>((resolve) => release.push(resolve));
        inFlight--;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    while (release.length > 0 || started.length < 6) {
      release.shift()?.();
      await tick();
    }
    while (release.length > 0) {
      release.shift()!();
      await tick();
    }
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('a failed dial frees its slot, and a full queue is refused with a message', async () => {
    const limit = new DialLimit(1, 1);
    let release!: () => void;
    const first = limit.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = limit.run(async () => {
      throw new Error('refused');
    });
    await expect(limit.run(async () => 'third')).rejects.toThrow('1 connections are already waiting to reach the VM; try again in a moment');
    release();
    await first;
    await expect(second).rejects.toThrow('refused');
    expect(await limit.run(async () => 'after')).toBe('after');
  });
});
