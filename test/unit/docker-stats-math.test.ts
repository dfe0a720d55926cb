import { describe, expect, it } from 'vitest';
import {
  blockTotals,
  cpuPercent,
  memoryUsedWithoutCache,
  networkTotals,
  toContainerStats,
} from '../../main/core/docker/stats-math';

describe('stats maths, as the docker CLI computes it', () => {
  it('takes CPU % from the change since the previous sample, scaled by the online CPUs', () => {
    const pre = { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 100_000_000_000, online_cpus: 4 };
    // The container used 0.5 s of CPU while the whole system (4 CPUs) counted 4 s: half of one CPU.
    const now = { cpu_usage: { total_usage: 1_500_000_000 }, system_cpu_usage: 104_000_000_000, online_cpus: 4 };
    expect(cpuPercent(now, pre)).toBeCloseTo(50, 6);
  });

  it('passes 100 % when several CPUs are busy', () => {
    const pre = { cpu_usage: { total_usage: 0 }, system_cpu_usage: 1_000, online_cpus: 2 };
    const now = { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 2_000, online_cpus: 2 };
    expect(cpuPercent(now, pre)).toBeCloseTo(200, 6);
  });

  it('counts the per-CPU figures when an older engine leaves online_cpus out', () => {
    const pre = { cpu_usage: { total_usage: 0, percpu_usage: [0, 0, 0] }, system_cpu_usage: 1_000 };
    const now = { cpu_usage: { total_usage: 100, percpu_usage: [50, 50, 0] }, system_cpu_usage: 1_300 };
    expect(cpuPercent(now, pre)).toBeCloseTo(100, 6);
  });

  it('is 0 when the system or the container did not move', () => {
    const same = { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10, online_cpus: 1 };
    expect(cpuPercent(same, same)).toBe(0);
    expect(cpuPercent({ cpu_usage: { total_usage: 4 }, system_cpu_usage: 20, online_cpus: 1 }, same)).toBe(0);
    expect(cpuPercent(undefined, undefined)).toBe(0);
  });

  it('subtracts total_inactive_file on cgroup v1', () => {
    expect(memoryUsedWithoutCache({ usage: 1000, stats: { total_inactive_file: 300, inactive_file: 100 } })).toBe(700);
  });

  it('falls through to inactive_file when v1 figure is not below usage, as the CLI does', () => {
    expect(memoryUsedWithoutCache({ usage: 1000, stats: { total_inactive_file: 2000, inactive_file: 100 } })).toBe(900);
  });

  it('subtracts inactive_file on cgroup v2, and never goes below zero', () => {
    expect(memoryUsedWithoutCache({ usage: 1000, stats: { inactive_file: 250, anon: 700 } })).toBe(750);
    expect(memoryUsedWithoutCache({ usage: 100, stats: { inactive_file: 250 } })).toBe(100);
    expect(memoryUsedWithoutCache({ usage: 100 })).toBe(100);
    expect(memoryUsedWithoutCache(undefined)).toBe(0);
  });

  it('adds up every network and both spellings of block I/O ops', () => {
    expect(networkTotals({ eth0: { rx_bytes: 10, tx_bytes: 1 }, eth1: { rx_bytes: 5, tx_bytes: 2 } })).toEqual({ rx: 15, tx: 3 });
    expect(networkTotals(undefined)).toEqual({ rx: 0, tx: 0 });
    const v1 = [
      { op: 'Read', value: 4096 },
      { op: 'Write', value: 8192 },
      { op: 'Sync', value: 1 },
      { op: 'Total', value: 12289 },
    ];
    expect(blockTotals({ io_service_bytes_recursive: v1 })).toEqual({ read: 4096, write: 8192 });
    const v2 = [
      { op: 'read', value: 100 },
      { op: 'write', value: 50 },
      { op: 'read', value: 1 },
    ];
    expect(blockTotals({ io_service_bytes_recursive: v2 })).toEqual({ read: 101, write: 50 });
    // cgroup v2 engines send null when there is nothing to report.
    expect(blockTotals({ io_service_bytes_recursive: null })).toEqual({ read: 0, write: 0 });
  });

  it('builds one sample, taking its time from the engine and not from the zero time of a stopped container', () => {
    const raw = {
      read: '2024-05-01T12:00:00.5Z',
      cpu_stats: { cpu_usage: { total_usage: 200 }, system_cpu_usage: 2_000, online_cpus: 1 },
      precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1_000, online_cpus: 1 },
      memory_stats: { usage: 5_000, limit: 10_000, stats: { inactive_file: 1_000 } },
      networks: { eth0: { rx_bytes: 7, tx_bytes: 9 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 3 }] },
      pids_stats: { current: 4 },
    };
    expect(toContainerStats('abc', raw, 42)).toEqual({
      id: 'abc',
      cpuPercent: 10,
      memoryUsedBytes: 4_000,
      memoryLimitBytes: 10_000,
      networkRxBytes: 7,
      networkTxBytes: 9,
      blockReadBytes: 3,
      blockWriteBytes: 0,
      pids: 4,
      sampledAt: Date.parse('2024-05-01T12:00:00.5Z'),
    });
    expect(toContainerStats('abc', { read: '0001-01-01T00:00:00Z' }, 42).sampledAt).toBe(42);
  });
});
