import { describe, expect, it } from 'vitest';
import type { ContainerStats } from '../../preload/contract/stats';
import { chartPoints, ratesBetween, StatsHistory, totalsOf } from '../../renderer/src/stats/stats-history';

const sample = (id: string, t: number, over: Partial<ContainerStats> = {}): ContainerStats => ({
  id,
  cpuPercent: 0,
  memoryUsedBytes: 0,
  memoryLimitBytes: 1000,
  networkRxBytes: 0,
  networkTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 1,
  sampledAt: t,
  ...over,
});

describe('stats history', () => {
  it('keeps the last N samples per container, in time order, without repeats', () => {
    const history = new StatsHistory(3);
    history.add([sample('a', 1000), sample('a', 2000), sample('b', 1000)]);
    history.add([sample('a', 2000), sample('a', 3000), sample('a', 4000)]);
    expect(history.of('a').map((s) => s.sampledAt)).toEqual([2000, 3000, 4000]);
    expect(history.latest('b')?.sampledAt).toBe(1000);
    history.keepOnly(new Set(['a']));
    expect(history.ids()).toEqual(['a']);
  });

  it('turns the byte counters into rates per second, and a counter that went back into 0', () => {
    const before = sample('a', 1000, { networkRxBytes: 1000, networkTxBytes: 500, blockReadBytes: 0, blockWriteBytes: 4096 });
    const after = sample('a', 3000, { networkRxBytes: 5000, networkTxBytes: 100, blockReadBytes: 8192, blockWriteBytes: 4096 });
    expect(ratesBetween(before, after)).toEqual({ networkRxPerSec: 2000, networkTxPerSec: 0, blockReadPerSec: 4096, blockWritePerSec: 0 });
    expect(ratesBetween(after, after).networkRxPerSec).toBe(0);
  });

  it('adds up the running containers for the dashboard, skipping those without a sample yet', () => {
    const history = new StatsHistory();
    history.add([
      sample('a', 1000, { cpuPercent: 50, memoryUsedBytes: 100, networkRxBytes: 0 }),
      sample('a', 2000, { cpuPercent: 30, memoryUsedBytes: 200, networkRxBytes: 1000 }),
      sample('b', 2000, { cpuPercent: 120, memoryUsedBytes: 300 }),
    ]);
    const totals = totalsOf(history, ['a', 'b', 'c']);
    expect(totals).toMatchObject({ containers: 2, cpuPercent: 150, memoryUsedBytes: 500 });
    expect(totals.rates.networkRxPerSec).toBe(1000);
  });

  it('lays out chart points over the window, newest at the right, clamped to the top', () => {
    const points = chartPoints(
      [
        { t: 0, v: 0 },
        { t: 50, v: 50 },
        { t: 100, v: 500 },
      ],
      100,
      10,
      100,
      100,
    );
    expect(points).toBe('0.0,10.0 50.0,5.0 100.0,0.0');
    expect(chartPoints([], 100, 10, 100, 100)).toBe('');
  });
});
