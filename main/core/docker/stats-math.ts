/**
 * One raw sample of the engine's stats stream → the figures `docker stats`
 * shows. Pure; follows the docker CLI (cli/command/container/stats_helpers.go):
 * CPU % from the change against the previous sample the engine includes, and
 * memory without the inactive page cache, cgroup v1 and v2 alike.
 */
import type { ContainerStats } from '../../../preload/contract';

/** The parts of GET /containers/{id}/stats (Linux) that the figures come from. */
export interface RawStats {
  read?: string;
  cpu_stats?: RawCpu;
  precpu_stats?: RawCpu;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
}

interface RawCpu {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** Of one CPU (can pass 100 with several CPUs busy); 0 when nothing moved. */
export function cpuPercent(cpu: RawCpu | undefined, precpu: RawCpu | undefined): number {
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (precpu?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (precpu?.system_cpu_usage ?? 0);
  // Older engines leave online_cpus out; the CLI then counts the per-CPU figures.
  const onlineCpus = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 0;
  if (systemDelta <= 0 || cpuDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * onlineCpus * 100;
}

/** Usage minus inactive file cache: total_inactive_file on cgroup v1, inactive_file on v2. */
export function memoryUsedWithoutCache(memory: RawStats['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  // As the CLI: when v1's figure is not below usage it falls through to this one.
  const v2 = stats.inactive_file ?? 0;
  return v2 < usage ? usage - v2 : usage;
}

export function networkTotals(networks: RawStats['networks']): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const net of Object.values(networks ?? {})) {
    rx += net.rx_bytes ?? 0;
    tx += net.tx_bytes ?? 0;
  }
  return { rx, tx };
}

/** Read and write bytes; cgroup v1 spells the ops "Read"/"Write", v2 "read"/"write". */
export function blockTotals(blkio: RawStats['blkio_stats']): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const entry of blkio?.io_service_bytes_recursive ?? []) {
    const op = entry.op?.toLowerCase();
    if (op === 'read') read += entry.value ?? 0;
    else if (op === 'write') write += entry.value ?? 0;
  }
  return { read, write };
}

export function toContainerStats(id: string, raw: RawStats, fallbackNow: number): ContainerStats {
  const net = networkTotals(raw.networks);
  const block = blockTotals(raw.blkio_stats);
  const read = raw.read ? Date.parse(raw.read) : NaN;
  return {
    id,
    cpuPercent: cpuPercent(raw.cpu_stats, raw.precpu_stats),
    memoryUsedBytes: memoryUsedWithoutCache(raw.memory_stats),
    memoryLimitBytes: raw.memory_stats?.limit ?? 0,
    networkRxBytes: net.rx,
    networkTxBytes: net.tx,
    blockReadBytes: block.read,
    blockWriteBytes: block.write,
    pids: raw.pids_stats?.current ?? 0,
    // A stopped container's sample carries the zero time "0001-01-01T00:00:00Z".
    sampledAt: Number.isFinite(read) && read > 0 ? read : fallbackNow,
  };
}
