import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BerthError } from '../../preload/contract/errors';
import { createStreamClient, type StreamClientOptions } from '../../preload/contract/stream-client';
import type { CallMessage } from '../../preload/contract/wire';

function client(options?: StreamClientOptions) {
  const sent: CallMessage[] = [];
  const c = createStreamClient((message) => sent.push(message), options);
  return { c, sent };
}

const status = { state: 'running' } as never;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createStreamClient', () => {
  it('matches replies by id and turns wire errors back into BerthErrors', async () => {
    const { c, sent } = client();
    const a = c.call('engine:get-status', {});
    const b = c.call('containers:list', { all: true });
    expect(sent.map((m) => [m.id, m.method])).toEqual([
      [1, 'engine:get-status'],
      [2, 'containers:list'],
    ]);
    c.receive({ t: 'reply', id: 2, ok: false, error: { code: 'not-found', message: 'gone' } });
    c.receive({ t: 'reply', id: 1, ok: true, value: status });
    await expect(a).resolves.toBe(status);
    await expect(b).rejects.toMatchObject({ code: 'not-found', message: 'gone' });
  });

  it('waits forever when no timeout is configured (as before timeouts existed)', async () => {
    const { c } = client();
    let settled = false;
    void c.call('engine:get-status', {}).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(settled).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails a call that gets no answer in time with a timeout error naming the method', async () => {
    const { c } = client({ timeoutMs: 30_000 });
    const call = c.call('containers:list', { all: false });
    const failed = expect(call).rejects.toMatchObject({
      code: 'timeout',
      message: 'Berth did not answer containers:list within 30 s',
      details: { method: 'containers:list', timeoutMs: 30_000 },
    });
    await vi.advanceTimersByTimeAsync(29_999);
    await vi.advanceTimersByTimeAsync(1);
    await failed;
    expect(await call.catch((e: unknown) => e)).toBeInstanceOf(BerthError);
    // The late reply finds no waiter and changes nothing.
    expect(() => c.receive({ t: 'reply', id: 1, ok: true, value: [] })).not.toThrow();
  });

  it('uses the per-method map, then a per-call option, over the default', async () => {
    const { c } = client({ timeoutMs: 1_000, methodTimeoutsMs: { 'engine:start': 60_000, 'logs:subscribe': 0 } });
    const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: BerthError) => e.code);
    const start = outcome(c.call('engine:start', {}));
    const subscribe = outcome(c.call('logs:subscribe', { id: 'x', tail: 'all', follow: false, timestamps: false }));
    const quick = outcome(c.call('engine:get-status', {}, { timeoutMs: 5_000 }));
    const plain = outcome(c.call('engine:get-info', {}));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await plain).toBe('timeout');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(await quick).toBe('timeout');
    c.receive({ t: 'reply', id: 1, ok: true, value: status });
    expect(await start).toBe('ok');
    await vi.advanceTimersByTimeAsync(3600_000);
    c.receive({ t: 'reply', id: 2, ok: true, value: { subscriptionId: 's', tty: false } });
    expect(await subscribe).toBe('ok');
  });

  it('words the timeout as the caller asks, and clears timers on reply and on failPending', async () => {
    const { c } = client({ timeoutMs: 2_500, timeoutMessage: (method, ms) => `${method} took over ${ms} ms` });
    const late = expect(c.call('images:list', {})).rejects.toThrow('images:list took over 2500 ms');
    await vi.advanceTimersByTimeAsync(2_500);
    await late;

    const answered = c.call('images:list', {});
    c.receive({ t: 'reply', id: 2, ok: true, value: [] });
    await expect(answered).resolves.toEqual([]);
    expect(vi.getTimerCount()).toBe(0);

    const dropped = c.call('volumes:list', {});
    c.failPending('Berth closed the control connection');
    await expect(dropped).rejects.toMatchObject({ code: 'engine-unavailable', message: 'Berth closed the control connection' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails a call at once when sending throws, and leaves no timer behind', async () => {
    const c = createStreamClient(
      () => {
        throw new Error('socket is closed');
      },
      { timeoutMs: 1_000 },
    );
    await expect(c.call('engine:get-status', {})).rejects.toMatchObject({ code: 'engine-unavailable' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('delivers events to their listeners until unsubscribed', () => {
    const { c } = client();
    const got: unknown[] = [];
    const off = c.on('logs:stream-ended', (e) => got.push(e));
    c.receive({ t: 'event', event: 'logs:stream-ended', payload: { subscriptionId: 's', reason: null } });
    off();
    c.receive({ t: 'event', event: 'logs:stream-ended', payload: { subscriptionId: 's', reason: 'x' } });
    expect(got).toEqual([{ subscriptionId: 's', reason: null }]);
  });
});
