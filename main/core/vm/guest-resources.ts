/**
 * The VM's own CPU, memory and data-disk use, read in the guest from
 * /proc/stat, /proc/meminfo and df. Parsing is pure; CPU % needs two samples.
 */
import type { VmResources } from '../../../preload/contract';

/** One command, one round trip: the three sources separated by markers. */
export const SAMPLE_COMMAND =
  "head -n1 /proc/stat; echo '--meminfo'; cat /proc/meminfo; echo '--df'; df -P -B1 /var/lib/docker | tail -n1";

export interface CpuTimes {
  busy: number;
  total: number;
}

export interface GuestSample {
  cpu: CpuTimes;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  diskUsedBytes: number;
  diskTotalBytes: number;
}

export function parseSample(output: string): GuestSample {
  const [statPart = '', rest = ''] = output.split('--meminfo');
  const [memPart = '', dfPart = ''] = rest.split('--df');
  return { cpu: parseCpu(statPart), ...parseMemory(memPart), ...parseDisk(dfPart) };
}

function parseCpu(stat: string): CpuTimes {
  const fields = stat.trim().split(/\s+/);
  if (fields[0] !== 'cpu') throw new Error(`unexpected /proc/stat line: ${stat.slice(0, 80)}`);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const values = fields.slice(1, 9).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, v) => sum + v, 0);
  return { busy: total - idle, total };
}

function parseMemory(meminfo: string): { memoryUsedBytes: number; memoryTotalBytes: number } {
  const kib = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(meminfo);
    if (!match) throw new Error(`no ${name} in /proc/meminfo`);
    return Number(match[1]) * 1024;
  };
  const total = kib('MemTotal');
  return { memoryTotalBytes: total, memoryUsedBytes: total - kib('MemAvailable') };
}

function parseDisk(df: string): { diskUsedBytes: number; diskTotalBytes: number } {
  // Filesystem 1-blocks Used Available Capacity Mounted-on
  const fields = df.trim().split(/\s+/);
  const total = Number(fields[1]);
  const used = Number(fields[2]);
  if (!Number.isFinite(total) || !Number.isFinite(used)) throw new Error(`unexpected df line: ${df.slice(0, 80)}`);
  return { diskTotalBytes: total, diskUsedBytes: used };
}

/** CPU % between two samples, of all CPUs together. */
export function toResources(previous: GuestSample | null, current: GuestSample, sampledAt: number): VmResources {
  const busy = previous ? current.cpu.busy - previous.cpu.busy : 0;
  const total = previous ? current.cpu.total - previous.cpu.total : 0;
  return {
    cpuPercent: total > 0 ? Math.min(100, Math.max(0, (busy / total) * 100)) : 0,
    memoryUsedBytes: current.memoryUsedBytes,
    memoryTotalBytes: current.memoryTotalBytes,
    diskUsedBytes: current.diskUsedBytes,
    diskTotalBytes: current.diskTotalBytes,
    sampledAt,
  };
}
