import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../main/cli/args';
import { cliTimeouts, DEFAULT_TIMEOUT_MS, withCallTimeouts } from '../../main/cli/timeouts';
import { FakeApi } from '../../renderer/src/api/fake-api';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('cli timeouts', () => {
  it('waits 30 s by default, 15 minutes for engine start and restart', () => {
    const t = cliTimeouts({});
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(t.timeoutMs).toBe(30_000);
    expect(t.methodTimeoutsMs?.['engine:start']).toBe(15 * 60_000);
    expect(t.methodTimeoutsMs?.['engine:restart']).toBe(15 * 60_000);
    expect(t.methodTimeoutsMs?.['logs:subscribe']).toBeUndefined();
    expect(t.timeoutMessage?.('engine:start', 15 * 60_000)).toBe(
      'Berth did not answer engine:start within 900 s (is it stuck? `berth status` or restart it)',
    );
  });

  it('takes $BERTH_TIMEOUT in whole seconds for the default, 0 meaning none', () => {
    expect(cliTimeouts({ BERTH_TIMEOUT: '5' }).timeoutMs).toBe(5_000);
    expect(cliTimeouts({ BERTH_TIMEOUT: '0' }).timeoutMs).toBe(0);
    expect(cliTimeouts({ BERTH_TIMEOUT: '' }).timeoutMs).toBe(30_000);
    expect(() => cliTimeouts({ BERTH_TIMEOUT: '1.5' })).toThrow(UsageError);
    expect(() => cliTimeouts({ BERTH_TIMEOUT: '0x10' })).toThrow(UsageError);
  });

  it('puts the same deadlines on the in-process client', async () => {
    const api = new FakeApi({
      'containers:list': () => new Promise(() => undefined),
      'engine:start': () => new Promise((resolve) => setTimeout(() => resolve({ state: 'running' } as never), 10 * 60_000)),
    });
    const timed = withCallTimeouts(api, cliTimeouts({}));
    const list = expect(timed.call('containers:list', { all: true })).rejects.toMatchObject({
      code: 'timeout',
      message: 'Berth did not answer containers:list within 30 s (is it stuck? `berth status` or restart it)',
    });
    const start = timed.call('engine:start', {});
    await vi.advanceTimersByTimeAsync(30_000);
    await list;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await expect(start).resolves.toEqual({ state: 'running' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
