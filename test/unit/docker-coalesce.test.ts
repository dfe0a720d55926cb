import { afterEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../../main/core/docker/coalesce';

describe('Coalescer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once for a burst of requests, after the delay', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const coalescer = new Coalescer(async () => void runs++, 100);
    for (let i = 0; i < 10; i++) coalescer.request();
    await vi.advanceTimersByTimeAsync(99);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
  });

  it('is not postponed forever by a steady trickle of requests', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const coalescer = new Coalescer(async () => void runs++, 100);
    for (let t = 0; t < 500; t += 20) {
      coalescer.request();
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(runs).toBeGreaterThanOrEqual(4);
  });

  it('runs again after a run during which it was asked, never two at once', async () => {
    vi.useFakeTimers();
    let running = 0;
    let most = 0;
    let runs = 0;
    const coalescer = new Coalescer(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 500));
      running--;
      runs++;
    }, 100);
    coalescer.request();
    await vi.advanceTimersByTimeAsync(200);
    coalescer.request();
    coalescer.request();
    await vi.advanceTimersByTimeAsync(2000);
    expect([runs, most]).toEqual([2, 1]);
  });

  it('does nothing once stopped, and survives a failing run', async () => {
    vi.useFakeTimers();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let runs = 0;
    const coalescer = new Coalescer(async () => {
      runs++;
      throw new Error('engine hiccup');
    }, 10);
    coalescer.request();
    await vi.advanceTimersByTimeAsync(10);
    coalescer.request();
    await vi.advanceTimersByTimeAsync(10);
    expect(runs).toBe(2);
    expect(errors).toHaveBeenCalledTimes(2);
    coalescer.request();
    coalescer.stop();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
    errors.mockRestore();
  });
});
