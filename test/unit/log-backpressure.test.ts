/**
 * Back-pressure on log streams: while the session is congested the batcher
 * keeps its lines and the engine stream is paused; once it drains, every line
 * goes out in order and the stream resumes. Unsubscribing or closing while
 * paused still cleans up at once.
 */
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogLine, StreamEvents } from '../../preload/contract';
import type { Containers } from '../../main/core/docker/containers';
import { LogBatcher, type BatchFlow } from '../../main/core/docker/log-batcher';
import { Logs } from '../../main/core/docker/logs';
import { Session } from '../../main/core/rpc/session';

afterEach(() => {
  vi.useRealTimers();
});

const out = (text: string): LogLine => ({ stream: 'stdout', text, timestamp: null });
const numbered = (from: number, to: number): LogLine[] => Array.from({ length: to - from + 1 }, (_, i) => out(String(from + i)));
const texts = (batches: LogLine[][]): string[] => batches.flat().map((l) => l.text);

/** A flow whose congestion the test sets, and whose waits it releases. */
function fakeFlow() {
  const state = { congested: false, holds: [] as boolean[], waits: 0, aborted: 0 };
  let release: (() => void) | null = null;
  const flow: BatchFlow = {
    congested: () => state.congested,
    whenWritable: (signal) => {
      state.waits++;
      return new Promise((resolve) => {
        release = resolve;
        signal.addEventListener('abort', () => {
          state.aborted++;
          resolve();
        });
      });
    },
    hold: (paused) => state.holds.push(paused),
  };
  return {
    flow,
    state,
    /** Drains the receiver and lets the batcher act on it. */
    async drain(stillCongestedAfter?: () => void) {
      state.congested = false;
      const r = release;
      release = null;
      r?.();
      stillCongestedAfter?.();
      await Promise.resolve();
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

describe('LogBatcher with a congested receiver', () => {
  it('without a flow, delivers as before', () => {
    vi.useFakeTimers();
    const batches: LogLine[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines), { intervalMs: 50, maxLines: 3 });
    batcher.add(numbered(1, 4));
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([numbered(1, 3), numbered(4, 4)]);
  });

  it('keeps lines and pauses the source while congested, then delivers them in order and resumes', async () => {
    vi.useFakeTimers();
    const { flow, state, drain } = fakeFlow();
    const batches: LogLine[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines), { intervalMs: 50, maxLines: 3 }, flow);

    batcher.add(numbered(1, 2));
    vi.advanceTimersByTime(50);
    expect(texts(batches)).toEqual(['1', '2']);

    state.congested = true;
    batcher.add(numbered(3, 7));
    expect(batcher.isHolding).toBe(true);
    expect(state.holds).toEqual([true]);
    // Lines already decoded keep arriving while the source pauses: kept, not sent, not lost.
    batcher.add(numbered(8, 9));
    vi.advanceTimersByTime(1000);
    expect(texts(batches)).toEqual(['1', '2']);
    expect(vi.getTimerCount()).toBe(0);

    await drain();
    expect(texts(batches)).toEqual(numbered(1, 9).map((l) => l.text));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    expect(state.holds).toEqual([true, false]);
    expect(batcher.isHolding).toBe(false);

    batcher.add(numbered(10, 10));
    vi.advanceTimersByTime(50);
    expect(texts(batches).at(-1)).toBe('10');
  });

  it('holds again without resuming the source when the receiver clogs while catching up', async () => {
    vi.useFakeTimers();
    const { flow, state, drain } = fakeFlow();
    const batches: LogLine[][] = [];
    const batcher = new LogBatcher(
      (lines) => {
        batches.push(lines);
        // Each batch fills the receiver up again.
        state.congested = true;
      },
      { intervalMs: 50, maxLines: 2 },
      flow,
    );
    state.congested = true;
    batcher.add(numbered(1, 5));
    expect(batches).toEqual([]);

    await drain();
    expect(texts(batches)).toEqual(['1', '2']);
    expect(state.holds).toEqual([true]);
    await drain();
    await drain();
    expect(texts(batches)).toEqual(['1', '2', '3', '4', '5']);
    expect(state.holds).toEqual([true, false]);
    expect(state.waits).toBe(3);
  });

  it('ends only after every kept line has gone out', async () => {
    vi.useFakeTimers();
    const { flow, state, drain } = fakeFlow();
    const events: string[] = [];
    const batcher = new LogBatcher((lines) => events.push(...lines.map((l) => l.text)), { intervalMs: 50, maxLines: 2 }, flow);
    state.congested = true;
    batcher.add(numbered(1, 3));
    batcher.end(() => events.push('end'));
    expect(events).toEqual([]);
    await drain();
    expect(events).toEqual(['1', '2', '3', 'end']);
    // An ended source is not resumed.
    expect(state.holds).toEqual([true]);
  });

  it('ends at once when nothing is kept back', () => {
    const { flow } = fakeFlow();
    const events: string[] = [];
    const batcher = new LogBatcher((lines) => events.push(...lines.map((l) => l.text)), { intervalMs: 50, maxLines: 2 }, flow);
    batcher.add(numbered(1, 3));
    batcher.end(() => events.push('end'));
    expect(events).toEqual(['1', '2', '3', 'end']);
  });

  it('on dispose while holding, stops waiting and never delivers or resumes', async () => {
    vi.useFakeTimers();
    const { flow, state, drain } = fakeFlow();
    const batches: LogLine[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines), { intervalMs: 50, maxLines: 2 }, flow);
    state.congested = true;
    batcher.add(numbered(1, 3));
    batcher.dispose();
    expect(state.aborted).toBe(1);
    await drain();
    batcher.add(numbered(4, 4));
    vi.advanceTimersByTime(1000);
    expect(batches).toEqual([]);
    expect(state.holds).toEqual([true]);
  });
});

// ---- Logs.subscribe over a fake engine stream and a real Session ----

type Recorded = { [E in keyof StreamEvents]: { event: E; payload: StreamEvents[E] } }[keyof StreamEvents];

function harness() {
  const stream = new PassThrough();
  const docker = {
    modem: { dial: (_options: unknown, callback: (error: null, result: unknown) => void) => callback(null, stream) },
  } as unknown as Dockerode;
  // A TTY container: the stream is plain text, one line per line.
  const containers = { inspect: async (id: string) => ({ id, tty: true }) } as unknown as Containers;
  const logs = new Logs(docker, containers);
  const control = { congested: false };
  const events: Recorded[] = [];
  const session = new Session('s', (event, payload) => events.push({ event, payload } as Recorded), {
    congested: () => control.congested,
  });
  const lines = () =>
    events.flatMap((e) => (e.event === 'logs:lines-received' ? e.payload.lines.map((l) => Number(l.text)) : []));
  const ended = () => events.find((e) => e.event === 'logs:stream-ended');
  /** Writes lines from..to to the engine side, in chunks. */
  const write = (from: number, to: number, perChunk = 250) => {
    for (let i = from; i <= to; i += perChunk) {
      const last = Math.min(to, i + perChunk - 1);
      stream.write(numbered(i, last).map((l) => `${l.text}\n`).join(''));
    }
  };
  const subscribe = () => logs.subscribe({ id: 'c1', tail: 'all', follow: true, timestamps: false }, session);
  return { stream, logs, session, control, events, lines, ended, write, subscribe };
}

const inOrderFromOne = (values: number[]) => values.every((v, i) => v === i + 1);

describe('log subscription back-pressure', () => {
  it('pauses the engine stream while the session is congested and resumes with nothing lost or reordered', async () => {
    const h = harness();
    await h.subscribe();
    h.write(1, 500);
    await vi.waitFor(() => expect(h.lines().length).toBe(500));

    h.control.congested = true;
    h.write(501, 5000);
    await vi.waitFor(() => expect(h.stream.isPaused()).toBe(true));
    // Give the timers a few rounds: nothing more goes out, and the backlog stays in the stream.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const sentWhileCongested = h.lines().length;
    expect(sentWhileCongested).toBe(500);
    expect(h.stream.readableLength).toBeGreaterThan(0);

    h.control.congested = false;
    await vi.waitFor(() => expect(h.lines().length).toBe(5000));
    expect(inOrderFromOne(h.lines())).toBe(true);
    expect(h.stream.isPaused()).toBe(false);

    h.write(5001, 5100);
    await vi.waitFor(() => expect(h.lines().length).toBe(5100));
    expect(inOrderFromOne(h.lines())).toBe(true);
    await h.session.close();
  });

  it('sends the end of a stream after the lines kept back for a congested session', async () => {
    const h = harness();
    await h.subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    h.control.congested = true;
    h.write(1, 3000);
    h.stream.end();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(h.ended()).toBeUndefined();
    h.control.congested = false;
    await vi.waitFor(() => expect(h.ended()).toBeDefined());
    expect(h.lines()).toHaveLength(3000);
    expect(inOrderFromOne(h.lines())).toBe(true);
    expect(h.events.at(-1)).toMatchObject({ event: 'logs:stream-ended', payload: { reason: null } });
    await h.session.close();
  });

  it('unsubscribing while paused destroys the stream at once and sends nothing more', async () => {
    const h = harness();
    const { subscriptionId } = await h.subscribe();
    h.control.congested = true;
    h.write(1, 3000);
    await vi.waitFor(() => expect(h.stream.isPaused()).toBe(true));
    const before = h.events.length;

    await h.logs.unsubscribe(subscriptionId, h.session);
    expect(h.stream.destroyed).toBe(true);
    h.control.congested = false;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(h.events.length).toBe(before);
    await h.session.close();
  });

  it('closing a session while paused destroys the stream at once', async () => {
    const h = harness();
    await h.subscribe();
    h.control.congested = true;
    h.write(1, 3000);
    await vi.waitFor(() => expect(h.stream.isPaused()).toBe(true));
    // The client never drains: closing must not wait for it.
    await h.session.close();
    expect(h.stream.destroyed).toBe(true);
    expect(h.session.isCongested).toBe(false);
  });
});
