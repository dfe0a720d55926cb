import path from 'node:path';
import Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { BroadcastEventName } from '../../preload/contract';
import { EventBus } from '../../main/core/events';
import { watchEngine, type ListSources } from '../../main/core/docker/watcher';
import { until, useEventsEngine } from '../fixtures/events-engine';

const engine = useEventsEngine();

function fakeSources() {
  const calls = { containers: 0, images: 0, volumes: 0, forgotten: [] as string[] };
  const sources: ListSources = {
    containers: async () => (calls.containers++, []),
    images: async () => (calls.images++, []),
    volumes: async () => (calls.volumes++, []),
    forgetContainer: (id) => void calls.forgotten.push(id),
  };
  return { sources, calls };
}

function record(bus: EventBus): BroadcastEventName[] {
  const seen: BroadcastEventName[] = [];
  bus.onAny((event) => seen.push(event));
  return seen;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchEngine', () => {
  it('publishes all three lists once connected, then re-lists only what an event touched', async () => {
    const bus = new EventBus();
    const seen = record(bus);
    const { sources, calls } = fakeSources();
    const dispose = watchEngine(engine.docker, bus, sources, () => {});
    await until('initial lists', () => seen.length === 3);
    expect([...seen].sort()).toEqual(['containers:list-changed', 'images:list-changed', 'volumes:list-changed']);

    seen.length = 0;
    // Split mid-document, as a socket may deliver it.
    const start = JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'c1' } });
    engine.events!.write(start.slice(0, 20));
    await sleep(20);
    engine.events!.write(`${start.slice(20)}\n${JSON.stringify({ Type: 'container', Action: 'die', Actor: { ID: 'c1' } })}\n`);
    await until('container list', () => seen.length >= 1);
    await sleep(200);
    expect(seen).toEqual(['containers:list-changed']);
    expect(calls.forgotten).toEqual(['c1', 'c1']);

    seen.length = 0;
    engine.events!.write(`${JSON.stringify({ Type: 'container', Action: 'exec_start: sh -c ls', Actor: { ID: 'c1' } })}\n`);
    engine.events!.write(`${JSON.stringify({ Type: 'volume', Action: 'mount', Actor: { ID: 'v' } })}\n`);
    await sleep(200);
    expect(seen).toEqual([]);

    engine.events!.write(`${JSON.stringify({ Type: 'container', Action: 'destroy', Actor: { ID: 'c1' } })}\n`);
    await until('three lists', () => seen.length === 3);
    expect([...seen].sort()).toEqual(['containers:list-changed', 'images:list-changed', 'volumes:list-changed']);
    dispose();
  });

  it('reports a loss when the engine ends its event stream', async () => {
    const lost: Error[] = [];
    watchEngine(engine.docker, new EventBus(), fakeSources().sources, (error) => lost.push(error));
    await until('connected', () => engine.events !== null);
    engine.events!.end();
    await until('loss reported', () => lost.length > 0);
    await sleep(50);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ code: 'engine-unavailable' });
  });

  it('reports a loss when the engine cannot be reached at all', async () => {
    const lost: Error[] = [];
    const nowhere = new Dockerode({ socketPath: path.join(engine.dir, 'absent.sock') });
    watchEngine(nowhere, new EventBus(), fakeSources().sources, (error) => lost.push(error));
    await until('loss reported', () => lost.length > 0);
    expect(lost[0]).toMatchObject({ code: 'engine-unavailable' });
  });

  it('reports nothing and publishes nothing after it was disposed', async () => {
    const bus = new EventBus();
    const seen = record(bus);
    const lost: Error[] = [];
    const dispose = watchEngine(engine.docker, bus, fakeSources().sources, (error) => lost.push(error));
    await until('connected', () => engine.events !== null);
    dispose();
    await sleep(200);
    expect(seen).toEqual([]);
    expect(lost).toEqual([]);
  });
});
