import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../main/core/rpc/session';

afterEach(() => {
  vi.useRealTimers();
});

/** Whether `promise` has settled, after letting pending callbacks run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('Session back-pressure', () => {
  it('is never congested without a signal, and never waits', async () => {
    const session = new Session('s', () => undefined);
    expect(session.isCongested).toBe(false);
    await expect(session.whenWritable()).resolves.toBeUndefined();
  });

  it('reports the transport as congested, and waits until it drains', async () => {
    vi.useFakeTimers();
    let congested = true;
    const session = new Session('s', () => undefined, { congested: () => congested });
    expect(session.isCongested).toBe(true);

    const first = session.whenWritable();
    const second = session.whenWritable();
    await vi.advanceTimersByTimeAsync(200);
    expect(await settled(first)).toBe(false);

    congested = false;
    await vi.advanceTimersByTimeAsync(20);
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(true);
    // Nothing waits, so nothing polls.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops waiting when the session closes, and a closed session is never congested', async () => {
    vi.useFakeTimers();
    const session = new Session('s', () => undefined, { congested: () => true });
    const waiting = session.whenWritable();
    expect(await settled(waiting)).toBe(false);
    await session.close();
    expect(await settled(waiting)).toBe(true);
    expect(session.isCongested).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops waiting for one waiter whose signal aborts, and keeps waiting for the others', async () => {
    vi.useFakeTimers();
    let congested = true;
    const session = new Session('s', () => undefined, { congested: () => congested });
    const gone = new AbortController();
    const abandoned = session.whenWritable(gone.signal);
    const other = session.whenWritable();
    gone.abort();
    expect(await settled(abandoned)).toBe(true);
    expect(await settled(other)).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    congested = false;
    await vi.advanceTimersByTimeAsync(20);
    expect(await settled(other)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops polling once the last waiter has gone', async () => {
    vi.useFakeTimers();
    const session = new Session('s', () => undefined, { congested: () => true });
    const gone = new AbortController();
    void session.whenWritable(gone.signal);
    expect(vi.getTimerCount()).toBe(1);
    gone.abort();
    expect(vi.getTimerCount()).toBe(0);
    await expect(session.whenWritable(gone.signal)).resolves.toBeUndefined();
  });
});
