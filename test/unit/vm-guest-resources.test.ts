import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResourceWatch } from '../../main/core/engine/resource-watch';
import { Session } from '../../main/core/rpc/session';
import { parseSample, toResources, type GuestSample } from '../../main/core/vm/guest-resources';

const output = (user: number, idle: number) => `cpu  ${user} 0 100 ${idle} 50 0 10 0 0 0
--meminfo
MemTotal:        2030000 kB
MemFree:          900000 kB
MemAvailable:    1530000 kB
--df
/dev/vdb 8350298112 1073741824 6830000000 14% /var/lib/docker
`;

describe('guest resource sampling', () => {
  it('parses memory and disk, and computes CPU % from two samples', () => {
    const first = parseSample(output(1000, 8000));
    expect(first).toMatchObject({
      memoryTotalBytes: 2030000 * 1024,
      memoryUsedBytes: 500000 * 1024,
      diskTotalBytes: 8350298112,
      diskUsedBytes: 1073741824,
    });
    expect(toResources(null, first, 1).cpuPercent).toBe(0);
    // 300 busy ticks (user) of 400 total since the first sample.
    const second = parseSample(output(1300, 8100));
    expect(toResources(first, second, 2).cpuPercent).toBeCloseTo(75);
  });

  it('refuses output it does not understand', () => {
    expect(() => parseSample('garbage')).toThrow(/\/proc\/stat/);
  });
});

describe('resource watch', () => {
  afterEach(() => vi.useRealTimers());

  it('samples only while someone watches, and stops when the session closes', async () => {
    vi.useFakeTimers();
    const sample = vi.fn(async (): Promise<GuestSample> => parseSample(output(1000, 8000)));
    const watch = new ResourceWatch(sample, 2_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sample).not.toHaveBeenCalled();

    const received: unknown[] = [];
    const session = new Session('s', (_event, payload) => received.push(payload));
    const { subscriptionId } = watch.watch(session);
    await vi.advanceTimersByTimeAsync(4_100);
    expect(sample).toHaveBeenCalledTimes(3);
    expect(received[0]).toMatchObject({ subscriptionId, resources: { memoryTotalBytes: 2030000 * 1024 } });

    await session.close();
    expect(watch.watching).toBe(0);
    sample.mockClear();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sample).not.toHaveBeenCalled();
  });

  it('answers not-found for a subscription the session does not hold', async () => {
    const watch = new ResourceWatch(async () => parseSample(output(1, 1)));
    await expect(watch.unwatch('nope', new Session('s', () => undefined))).rejects.toMatchObject({ code: 'not-found' });
  });
});
