import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES, type EventName, type MethodName } from '../../preload/contract';
import { createBridge, type BridgeIpc } from '../../preload/bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(answer: (channel: string, input: unknown) => unknown = () => ({ ok: true, value: 1 })) {
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    async invoke(channel: string, input: unknown) {
      invoked.push([channel, input]);
      return answer(channel, input);
    },
    on(channel: string, listener: Listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipc;
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener);
      return ipc;
    },
  };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'the electron event' }, payload, 'extra');
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc: ipc as unknown as BridgeIpc, invoked, emit, count };
}

describe('preload bridge', () => {
  it('sends each contract method on its own channel and hands back the reply', async () => {
    const { ipc, invoked } = fakeIpc((channel) => ({ ok: true, value: channel }));
    const bridge = createBridge(ipc);
    for (const method of METHOD_NAMES) {
      expect(await bridge.invoke(method, { probe: method })).toEqual({ ok: true, value: method });
    }
    expect(invoked).toEqual(METHOD_NAMES.map((method) => [method, { probe: method }]));
  });

  it('passes error replies through unchanged', async () => {
    const error = { code: 'not-found', message: 'No such container: x', details: { id: 'x' } };
    const { ipc } = fakeIpc(() => ({ ok: false, error }));
    expect(await createBridge(ipc).invoke('containers:inspect', { id: 'x' })).toEqual({ ok: false, error });
  });

  it('refuses names outside the contract without touching IPC', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createBridge(ipc);
    for (const name of ['containers:explode', '__proto__', 'toString', 'engine:state-changed', '', 42, null]) {
      const reply = await bridge.invoke(name as MethodName, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(invoked).toEqual([]);
  });

  it('turns an IPC failure or a malformed answer into an internal error reply', async () => {
    const failing = fakeIpc(() => {
      throw new Error("No handler registered for 'engine:start'");
    });
    expect(await createBridge(failing.ipc).invoke('engine:start', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: "engine:start: No handler registered for 'engine:start'" },
    });
    for (const bad of [undefined, 'yes', { ok: false, error: { code: 'bogus', message: 'x' } }, { value: 1 }]) {
      const reply = await createBridge(fakeIpc(() => bad).ipc).invoke('engine:start', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    }
  });

  it('delivers only the payload of contract events, and unsubscribes once', () => {
    const { ipc, emit, count } = fakeIpc();
    const bridge = createBridge(ipc);
    const seen: unknown[][] = [];
    const off = bridge.on('engine:state-changed', (...args: unknown[]) => seen.push(args));
    emit('engine:state-changed', { state: 'running' });
    expect(seen).toEqual([[{ state: 'running' }]]);
    expect(count('engine:state-changed')).toBe(1);
    off();
    off();
    expect(count('engine:state-changed')).toBe(0);
    emit('engine:state-changed', { state: 'stopped' });
    expect(seen).toHaveLength(1);
  });

  it('subscribes to every contract event and to nothing else', () => {
    const { ipc, count } = fakeIpc();
    const bridge = createBridge(ipc);
    for (const event of EVENT_NAMES) bridge.on(event, () => undefined);
    for (const event of EVENT_NAMES) expect(count(event)).toBe(1);
    for (const name of ['containers:start', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 42]) {
      expect(() => bridge.on(name as EventName, () => undefined)).toThrow(TypeError);
      expect(count(String(name))).toBe(0);
    }
    expect(() => bridge.on('engine:state-changed', 'nope' as never)).toThrow(TypeError);
  });

  it('exposes nothing but invoke, on and pathForFile', () => {
    expect(Object.keys(createBridge(fakeIpc().ipc)).sort()).toEqual(['invoke', 'on', 'pathForFile']);
  });

  it("gives a picked file's path through webUtils, and '' for anything that is not a file", () => {
    const files = { getPathForFile: (file: unknown) => ((file as { name?: string }).name === 'a.tar' ? '/home/me/a.tar' : '') };
    const bridge = createBridge(fakeIpc().ipc, files as never);
    expect(bridge.pathForFile?.({ name: 'a.tar' })).toBe('/home/me/a.tar');
    expect(bridge.pathForFile?.('a string')).toBe('');
    expect(bridge.pathForFile?.(null)).toBe('');
    const throwing = createBridge(fakeIpc().ipc, { getPathForFile: () => { throw new TypeError('not a File'); } } as never);
    expect(throwing.pathForFile?.({})).toBe('');
    expect(createBridge(fakeIpc().ipc).pathForFile?.({ name: 'a.tar' })).toBe('');
  });
});
