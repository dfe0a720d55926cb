import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BerthError } from '../../preload/contract/errors';
import { LOST_MESSAGE, WsClient, type SocketLike } from '../../renderer/src/api/ws-client';

class FakeSocket implements SocketLike {
  sent: unknown[] = [];
  closed = false;
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  drop() {
    this.onclose?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

let sockets: FakeSocket[];
let statuses: string[];

function client() {
  return new WsClient({
    url: 'ws://127.0.0.1:9999/ws',
    connect: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onStatus: (s) => statuses.push(s),
    initialDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 1,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  statuses = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('renderer WsClient', () => {
  it('queues calls until the socket opens, then matches replies by id', async () => {
    const c = client();
    const p = c.call('engine:get-status', {});
    expect(sockets[0]!.sent).toEqual([]);
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([{ t: 'call', id: 1, method: 'engine:get-status', input: {} }]);
    sockets[0]!.receive({ t: 'reply', id: 1, ok: true, value: { state: 'running' } });
    await expect(p).resolves.toEqual({ state: 'running' });
    expect(statuses).toEqual(['connecting', 'open']);
  });

  it('turns an error reply into a BerthError with its code', async () => {
    const c = client();
    sockets[0]!.open();
    const p = c.call('containers:start', { id: 'nope' });
    sockets[0]!.receive({ t: 'reply', id: 1, ok: false, error: { code: 'not-found', message: 'No such container: nope' } });
    const error = await p.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect(error).toMatchObject({ code: 'not-found', message: 'No such container: nope' });
  });

  it('delivers events to their listeners only, and unsubscribes', () => {
    const c = client();
    sockets[0]!.open();
    const seen: unknown[] = [];
    const off = c.on('volumes:list-changed', (v) => seen.push(v));
    sockets[0]!.receive({ t: 'event', event: 'volumes:list-changed', payload: [] });
    sockets[0]!.receive({ t: 'event', event: 'images:list-changed', payload: [1] });
    off();
    sockets[0]!.receive({ t: 'event', event: 'volumes:list-changed', payload: [2] });
    expect(seen).toEqual([[]]);
  });

  it('ignores garbage and unknown reply ids', () => {
    const c = client();
    sockets[0]!.open();
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.receive({ t: 'reply', id: 42, ok: true, value: null });
    expect(c).toBeTruthy();
  });

  it('on a drop rejects calls in flight with engine-unavailable, reconnects with backoff, and reports it', async () => {
    const c = client();
    sockets[0]!.open();
    const inflight = c.call('containers:list', { all: true });
    sockets[0]!.drop();
    await expect(inflight).rejects.toMatchObject({ code: 'engine-unavailable', message: LOST_MESSAGE });
    await expect(c.call('images:list', {})).rejects.toMatchObject({ code: 'engine-unavailable' });
    expect(statuses.at(-1)).toBe('reconnecting');

    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'open']);

    const p = c.call('images:list', {});
    expect(sockets[2]!.sent).toEqual([{ t: 'call', id: 2, method: 'images:list', input: {} }]);
    sockets[2]!.receive({ t: 'reply', id: 2, ok: true, value: [] });
    await expect(p).resolves.toEqual([]);
  });

  it('caps the backoff', () => {
    client();
    for (let i = 0; i < 8; i++) {
      sockets.at(-1)!.drop();
      vi.advanceTimersByTime(1000);
    }
    expect(sockets).toHaveLength(9);
  });

  it('a first connection that fails rejects the queued calls so the page is not stuck', async () => {
    const c = client();
    const p = c.call('engine:get-status', {});
    sockets[0]!.drop();
    await expect(p).rejects.toMatchObject({ code: 'engine-unavailable' });
  });

  it('dispose closes the socket and stops reconnecting', () => {
    const c = client();
    sockets[0]!.open();
    c.dispose();
    expect(sockets[0]!.closed).toBe(true);
    sockets[0]!.drop();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });
});
