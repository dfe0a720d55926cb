/**
 * The last few minutes of each watched container's stats, and what the
 * views draw from them: rates for the byte counters (which only grow) and
 * totals over several containers. Pure; no DOM.
 */
import type { ContainerStats } from '../../../preload/contract/stats';

/** Five minutes at the engine's one sample a second. */
export const HISTORY_SAMPLES = 300;

export interface Rates {
  networkRxPerSec: number;
  networkTxPerSec: number;
  blockReadPerSec: number;
  blockWritePerSec: number;
}

export const NO_RATES: Rates = { networkRxPerSec: 0, networkTxPerSec: 0, blockReadPerSec: 0, blockWritePerSec: 0 };

/** Bytes per second between two samples; a counter that went back (container restarted) counts as 0. */
export function ratesBetween(before: ContainerStats, after: ContainerStats): Rates {
  const seconds = (after.sampledAt - before.sampledAt) / 1000;
  if (!(seconds > 0)) return NO_RATES;
  const rate = (a: number, b: number) => Math.max(0, b - a) / seconds;
  return {
    networkRxPerSec: rate(before.networkRxBytes, after.networkRxBytes),
    networkTxPerSec: rate(before.networkTxBytes, after.networkTxBytes),
    blockReadPerSec: rate(before.blockReadBytes, after.blockReadBytes),
    blockWritePerSec: rate(before.blockWriteBytes, after.blockWriteBytes),
  };
}

export class StatsHistory {
  private readonly samples = new Map<string, ContainerStats[]>();

  constructor(private readonly limit = HISTORY_SAMPLES) {}

  add(batch: readonly ContainerStats[]): void {
    for (const sample of batch) {
      const list = this.samples.get(sample.id) ?? [];
      // The same sample can come twice when a watch is renewed; keep one.
      if (list.length > 0 && list[list.length - 1]!.sampledAt >= sample.sampledAt) continue;
      list.push(sample);
      if (list.length > this.limit) list.splice(0, list.length - this.limit);
      this.samples.set(sample.id, list);
    }
  }

  of(id: string): readonly ContainerStats[] {
    return this.samples.get(id) ?? [];
  }

  latest(id: string): ContainerStats | undefined {
    const list = this.samples.get(id);
    return list?.[list.length - 1];
  }

  rates(id: string): Rates {
    const list = this.samples.get(id);
    if (!list || list.length < 2) return NO_RATES;
    return ratesBetween(list[list.length - 2]!, list[list.length - 1]!);
  }

  /** Drops containers no longer watched. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.samples.keys()]) if (!ids.has(id)) this.samples.delete(id);
  }

  ids(): string[] {
    return [...this.samples.keys()];
  }
}

export interface StatsTotals {
  containers: number;
  cpuPercent: number;
  memoryUsedBytes: number;
  rates: Rates;
  networkRxBytes: number;
  networkTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
}

/** The sums over every container with a sample, for the dashboard. */
export function totalsOf(history: StatsHistory, ids: Iterable<string>): StatsTotals {
  const totals: StatsTotals = {
    containers: 0,
    cpuPercent: 0,
    memoryUsedBytes: 0,
    rates: { ...NO_RATES },
    networkRxBytes: 0,
    networkTxBytes: 0,
    blockReadBytes: 0,
    blockWriteBytes: 0,
  };
  for (const id of ids) {
    const latest = history.latest(id);
    if (!latest) continue;
    const rates = history.rates(id);
    totals.containers++;
    totals.cpuPercent += latest.cpuPercent;
    totals.memoryUsedBytes += latest.memoryUsedBytes;
    totals.networkRxBytes += latest.networkRxBytes;
    totals.networkTxBytes += latest.networkTxBytes;
    totals.blockReadBytes += latest.blockReadBytes;
    totals.blockWriteBytes += latest.blockWriteBytes;
    totals.rates.networkRxPerSec += rates.networkRxPerSec;
    totals.rates.networkTxPerSec += rates.networkTxPerSec;
    totals.rates.blockReadPerSec += rates.blockReadPerSec;
    totals.rates.blockWritePerSec += rates.blockWritePerSec;
  }
  return totals;
}

/** Points of a line chart: x from 0 to `width` over the window, y from `height` (0) up to 0 (`max`). */
export function chartPoints(values: readonly { t: number; v: number }[], width: number, height: number, windowMs: number, max: number): string {
  if (values.length === 0) return '';
  const end = values[values.length - 1]!.t;
  const start = end - windowMs;
  const top = max > 0 ? max : 1;
  return values
    .filter((p) => p.t >= start)
    .map((p) => {
      const x = ((p.t - start) / windowMs) * width;
      const y = height - (Math.min(Math.max(p.v, 0), top) / top) * height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
