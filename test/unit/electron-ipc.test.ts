/**
 * main/electron/ipc.ts with fake Electron objects: ipc.ts only type-imports
 * 'electron', so it loads under plain Node.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron';
import { METHOD_NAMES, type EngineStatus, type Reply } from '../../preload/contract';
import { EventBus } from '../../main/core/events';
import { Session, type StreamSink } from '../../main/core/rpc/session';
import { registerIpc, type IpcBerth } from '../../main/electron/ipc';

const INDEX = 'file:///opt/Berth/dist/renderer/index.html';
const STATUS: EngineStatus = { state: 'running', backend: 'native', dockerHost: null, progress: null, error: null, warnings: [], vm: null };

class FakeContents extends EventEmitter {
  destroyed = false;
  url = INDEX;
  sent: Array<[string, unknown]> = [];
  constructor(readonly id: number) {
    super();
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
  send(channel: string, payload: unknown) {
    if (this.destroyed) throw new Error('send on a destroyed webContents');
    this.sent.push([channel, payload]);
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

function setup() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<Reply>>();
  const ipcMain = {
    handle(channel: string, handler: (event: IpcMainInvokeEvent, input: unknown) => Promise<Reply>) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const contents = new FakeContents(11);
  const window = { id: 3, destroyed: false, webContents: contents, isDestroyed() { return this.destroyed; } };
  const windowIds = new Map<number, number>([[contents.id, window.id]]);
  let currentWindow: typeof window | null = window;

  const bus = new EventBus();
  const sessions: Session[] = [];
  const calls: Array<{ method: unknown; input: unknown; session: Session }> = [];
  let dispatchImpl: (method: unknown) => Promise<Reply> = async (method) => ({ ok: true, value: method });
  const berth: IpcBerth = {
    bus,
    dispatch: async (method, input, session) => {
      calls.push({ method, input, session });
      return dispatchImpl(method);
    },
    openSession(sink: StreamSink) {
      const session = new Session(`s${sessions.length + 1}`, sink);
      sessions.push(session);
      return session;
    },
  };
  const warnings: string[] = [];
  const dispose = registerIpc(berth, {
    ipcMain,
    getWindow: () => currentWindow as unknown as BrowserWindow | null,
    windowIdOf: (wc: WebContents) => windowIds.get(wc.id) ?? null,
    indexUrl: INDEX,
    log: { warn: (m: string) => warnings.push(m), error: () => undefined },
  });

  function eventFrom(sender: FakeContents, frame: { url: string; parent: unknown } | null = { url: sender.url, parent: null }) {
    return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
  }
  async function call(method: string, input: unknown = {}, event = eventFrom(contents)) {
    const handler = handlers.get(method);
    if (!handler) throw new Error(`no handler for ${method}`);
    return handler(event, input);
  }
  return {
    handlers, contents, window, windowIds, bus, sessions, calls, warnings, dispose, eventFrom, call,
    setWindow: (w: typeof window | null) => (currentWindow = w),
    setDispatch: (fn: typeof dispatchImpl) => (dispatchImpl = fn),
  };
}

describe('IPC handlers', () => {
  it('registers one handler per contract method, named like it, and removes them all on dispose', async () => {
    const t = setup();
    expect([...t.handlers.keys()].sort()).toEqual([...METHOD_NAMES].sort());
    await t.dispose();
    expect(t.handlers.size).toBe(0);
  });

  it('dispatches a call from Berth’s page with the method, the input and one session per webContents', async () => {
    const t = setup();
    expect(await t.call('containers:start', { id: 'web' })).toEqual({ ok: true, value: 'containers:start' });
    await t.call('engine:get-status');
    expect(t.calls.map((c) => [c.method, c.input])).toEqual([['containers:start', { id: 'web' }], ['engine:get-status', {}]]);
    expect(t.sessions).toHaveLength(1);
    expect(t.calls[0]!.session).toBe(t.calls[1]!.session);
  });

  it('accepts the page with a hash route', async () => {
    const t = setup();
    t.contents.url = `${INDEX}#/volumes`;
    expect(await t.call('volumes:list', {}, t.eventFrom(t.contents))).toMatchObject({ ok: true });
  });

  it.each([
    ['a subframe', (t: ReturnType<typeof setup>) => t.eventFrom(t.contents, { url: INDEX, parent: {} })],
    ['another page in Berth’s window', (t: ReturnType<typeof setup>) => t.eventFrom(t.contents, { url: 'https://evil.example/', parent: null })],
    ['a frame that is gone', (t: ReturnType<typeof setup>) => t.eventFrom(t.contents, null)],
    ['another window', (t: ReturnType<typeof setup>) => {
      const other = new FakeContents(12);
      t.windowIds.set(12, 4);
      return t.eventFrom(other);
    }],
    ['a webContents with no window', (t: ReturnType<typeof setup>) => t.eventFrom(new FakeContents(13))],
  ])('refuses %s as unauthorized, without dispatching', async (_name, makeEvent) => {
    const t = setup();
    const reply = await t.call('containers:remove', { id: 'web' }, makeEvent(t));
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(t.calls).toHaveLength(0);
    expect(t.sessions).toHaveLength(0);
    expect(t.warnings).toHaveLength(1);
  });

  it('refuses every call while Berth has no window', async () => {
    const t = setup();
    t.setWindow(null);
    expect(await t.call('engine:start')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    t.setWindow({ ...t.window, destroyed: true, isDestroyed: () => true });
    expect(await t.call('engine:start')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(t.calls).toHaveLength(0);
  });

  it('answers a failure of dispatch itself as an internal error', async () => {
    const t = setup();
    t.setDispatch(async () => {
      throw new Error('boom');
    });
    expect(await t.call('engine:start')).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });
});

describe('IPC sessions', () => {
  it('sends stream events to the page that owns the session, while it is Berth’s page', async () => {
    const t = setup();
    await t.call('logs:subscribe', { id: 'web' });
    const session = t.sessions[0]!;
    session.emit('logs:stream-ended', { subscriptionId: 'a', reason: null });
    expect(t.contents.sent).toEqual([['logs:stream-ended', { subscriptionId: 'a', reason: null }]]);
    t.contents.url = 'about:blank';
    session.emit('logs:stream-ended', { subscriptionId: 'b', reason: null });
    expect(t.contents.sent).toHaveLength(1);
  });

  it.each([
    ['destroyed', (c: FakeContents) => c.destroy()],
    ['render-process-gone', (c: FakeContents) => c.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })],
    ['did-navigate (reload)', (c: FakeContents) => c.emit('did-navigate', {}, INDEX, -1, '')],
  ])('closes the session on %s, releasing what it owned, and detaches its listeners', async (_name, end) => {
    const t = setup();
    await t.call('logs:subscribe', { id: 'web' });
    const session = t.sessions[0]!;
    let released = 0;
    session.own('sub-1', () => void released++);
    end(t.contents);
    await new Promise((resolve) => setImmediate(resolve));
    expect(session.isClosed).toBe(true);
    expect(released).toBe(1);
    for (const event of ['destroyed', 'render-process-gone', 'did-navigate']) {
      expect(t.contents.listenerCount(event)).toBe(0);
    }
    if (!t.contents.destroyed) {
      await t.call('engine:get-status');
      expect(t.sessions).toHaveLength(2);
      expect(t.calls.at(-1)!.session).toBe(t.sessions[1]);
    }
  });

  it('closes every session on dispose and answers late calls without dispatching', async () => {
    const t = setup();
    await t.call('engine:get-status');
    const late = t.handlers.get('engine:get-status')!;
    await t.dispose();
    expect(t.sessions[0]!.isClosed).toBe(true);
    expect(t.contents.listenerCount('destroyed')).toBe(0);
    expect(await late(t.eventFrom(t.contents), {})).toMatchObject({ ok: false, error: { code: 'engine-unavailable' } });
    expect(t.calls).toHaveLength(1);
  });
});

describe('IPC broadcast', () => {
  it('forwards every bus event to Berth’s window, and stops on dispose', async () => {
    const t = setup();
    t.bus.emit('engine:state-changed', STATUS);
    t.bus.emit('containers:list-changed', []);
    expect(t.contents.sent).toEqual([['engine:state-changed', STATUS], ['containers:list-changed', []]]);
    await t.dispose();
    t.bus.emit('engine:state-changed', STATUS);
    expect(t.contents.sent).toHaveLength(2);
  });

  it('sends nothing to a missing, destroyed or navigated-away window', () => {
    const t = setup();
    t.contents.url = 'https://evil.example/';
    t.bus.emit('engine:state-changed', STATUS);
    t.contents.url = INDEX;
    t.setWindow(null);
    t.bus.emit('engine:state-changed', STATUS);
    t.setWindow(t.window);
    t.contents.destroyed = true;
    t.bus.emit('engine:state-changed', STATUS);
    expect(t.contents.sent).toEqual([]);
  });
});
