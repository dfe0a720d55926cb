import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowActionState, type ContainerAction } from '../../renderer/src/lib/container-actions';
import { trackAction, useContainerOps } from '../../renderer/src/stores/container-ops';

const enabled = (view: ReturnType<typeof rowActionState>) => view.buttons.filter((b) => !b.disabled).map((b) => b.action);

function deferred() {
  let resolve: () => void = () => {};
  let reject: (e: Error) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const inFlight = (id: string): ContainerAction[] => useContainerOps.getState().inFlight[id] ?? [];

beforeEach(() => useContainerOps.setState({ inFlight: {} }));
afterEach(() => useContainerOps.setState({ inFlight: {} }));

describe('renderer container row: actions in flight', () => {
  it('idle: every action of the state is enabled and nothing is in progress', () => {
    const view = rowActionState('running', []);
    expect(view.progress).toBeNull();
    expect(enabled(view)).toEqual(['stop', 'restart', 'pause', 'kill', 'remove']);
  });

  it('a slow stop says "Stopping…" and keeps only Kill enabled', () => {
    const view = rowActionState('running', ['stop']);
    expect(view.progress).toBe('Stopping…');
    expect(enabled(view)).toEqual(['kill']);
    expect(view.buttons.map((b) => b.action)).toEqual(['stop', 'restart', 'pause', 'kill', 'remove']);
  });

  it('names each action in progress', () => {
    expect(rowActionState('exited', ['start']).progress).toBe('Starting…');
    expect(rowActionState('running', ['restart']).progress).toBe('Restarting…');
    expect(rowActionState('exited', ['remove']).progress).toBe('Removing…');
    expect(enabled(rowActionState('exited', ['start']))).toEqual([]);
  });

  it('once Kill is sent during a stop, the row still says Stopping… and Kill is disabled too', () => {
    const view = rowActionState('running', ['stop', 'kill']);
    expect(view.progress).toBe('Stopping…');
    expect(enabled(view)).toEqual([]);
    expect(rowActionState('running', ['kill']).progress).toBe('Killing…');
  });

  it('offline: nothing is enabled', () => {
    expect(enabled(rowActionState('running', [], true))).toEqual([]);
  });

  it('tracks an action on one container until it answers, then clears it', async () => {
    const stop = deferred();
    const run = trackAction(['a'], 'stop', () => stop.promise);
    expect(inFlight('a')).toEqual(['stop']);
    expect(rowActionState('running', inFlight('a')).progress).toBe('Stopping…');

    // Kill while the stop waits: both in flight, the label stays.
    const kill = trackAction(['a'], 'kill', async () => undefined);
    expect(inFlight('a')).toEqual(['stop', 'kill']);
    await kill;
    expect(inFlight('a')).toEqual(['stop']);

    stop.resolve();
    await run;
    expect(useContainerOps.getState().inFlight).toEqual({});
  });

  it('clears a failed action too', async () => {
    const start = deferred();
    const run = trackAction(['a'], 'start', () => start.promise);
    start.reject(new Error('no'));
    await expect(run).rejects.toThrow('no');
    expect(useContainerOps.getState().inFlight).toEqual({});
  });

  it('a group action marks every child row with the same state until each answers', async () => {
    const web = deferred();
    const db = deferred();
    const calls = { web: web.promise, db: db.promise } as Record<string, Promise<void>>;
    const group = Promise.all(['web', 'db'].map((id) => trackAction([id], 'stop', () => calls[id]!)));
    for (const id of ['web', 'db']) {
      const view = rowActionState('running', inFlight(id));
      expect(view.progress).toBe('Stopping…');
      expect(enabled(view)).toEqual(['kill']);
    }
    web.resolve();
    await flush();
    expect(inFlight('web')).toEqual([]);
    expect(inFlight('db')).toEqual(['stop']);
    db.resolve();
    await group;
    expect(useContainerOps.getState().inFlight).toEqual({});
  });
});
