import { describe, expect, it } from 'vitest';
import type { PreloadBridge } from '../../preload/contract/client';
import { BerthError } from '../../preload/contract/errors';
import type { Reply } from '../../preload/contract/wire';
import { createIpcClient } from '../../renderer/src/api/ipc-client';

function bridge(reply: Reply) {
  const calls: [string, unknown][] = [];
  const listeners: ((p: unknown) => void)[] = [];
  const b: PreloadBridge = {
    invoke: async (method, input) => {
      calls.push([method, input]);
      return reply;
    },
    on: (_event, listener) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
  return { b, calls, listeners };
}

describe('renderer ipc client', () => {
  it('unwraps an ok reply', async () => {
    const { b, calls } = bridge({ ok: true, value: [] });
    await expect(createIpcClient(b).call('images:list', {})).resolves.toEqual([]);
    expect(calls).toEqual([['images:list', {}]]);
  });

  it('rethrows an error reply as a BerthError with its code; unknown codes become internal', async () => {
    const api = createIpcClient(bridge({ ok: false, error: { code: 'conflict', message: 'is running' } }).b);
    const error = await api.call('containers:remove', { id: 'web-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect(error).toMatchObject({ code: 'conflict', message: 'is running' });
    const odd = createIpcClient(bridge({ ok: false, error: { code: 'weird' as 'internal', message: 'x' } }).b);
    await expect(odd.call('images:list', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('passes events through and unsubscribes', () => {
    const { b, listeners } = bridge({ ok: true, value: null });
    const seen: unknown[] = [];
    const off = createIpcClient(b).on('volumes:list-changed', (v) => seen.push(v));
    listeners[0]!([]);
    off();
    expect(seen).toEqual([[]]);
    expect(listeners).toHaveLength(0);
  });
});
