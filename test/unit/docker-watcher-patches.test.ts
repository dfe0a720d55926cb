/** The watcher pushes a changed container at once, ahead of the coalesced full list. */
import { expect, it } from 'vitest';
import type { ContainerSummary } from '../../preload/contract';
import { EventBus } from '../../main/core/events';
import { RELIST_DELAY_MS, watchEngine, type ListSources } from '../../main/core/docker/watcher';
import { until, useEventsEngine } from '../fixtures/events-engine';

const engine = useEventsEngine();

const summary = (id: string, state: ContainerSummary['state']): ContainerSummary => ({
  id, name: id, image: 'busybox', state, status: '', createdAt: 0, startedAt: null, ports: [], project: null, service: null, labels: {},
});

it('publishes the changed container well before the full list, and the list still follows', async () => {
  let state: ContainerSummary['state'] = 'created';
  const asked: string[] = [];
  const sources: ListSources = {
    containers: async () => [summary('c1', state)],
    images: async () => [],
    volumes: async () => [],
    forgetContainer: () => {},
    container: async (id) => (asked.push(id), id === 'c1' ? summary('c1', state) : null),
  };
  const bus = new EventBus();
  const seen: Array<{ event: string; at: number; payload: unknown }> = [];
  bus.onAny((event, payload) => seen.push({ event, at: Date.now(), payload }));
  const dispose = watchEngine(engine.docker, bus, sources, () => {});
  await until('initial list', () => seen.some((s) => s.event === 'containers:list-changed'));
  seen.length = 0;

  state = 'running';
  const sent = Date.now();
  engine.events!.write(`${JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'c1' } })}\n`);
  engine.events!.write(`${JSON.stringify({ Type: 'container', Action: 'destroy', Actor: { ID: 'gone' } })}\n`);
  await until('the full list', () => seen.some((s) => s.event === 'containers:list-changed'));

  const patches = seen.filter((s) => s.event === 'containers:summary-changed');
  expect(patches.map((s) => s.payload)).toEqual([
    { id: 'c1', summary: summary('c1', 'running') },
    { id: 'gone', summary: null },
  ]);
  expect(patches[0]!.at - sent).toBeLessThan(RELIST_DELAY_MS);
  expect(seen.find((s) => s.event === 'containers:list-changed')!.payload).toEqual([summary('c1', 'running')]);
  // Quiet actions (exec and the like) ask for nothing.
  engine.events!.write(`${JSON.stringify({ Type: 'container', Action: 'exec_start: sh', Actor: { ID: 'c1' } })}\n`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(asked).toEqual(['c1', 'gone']);
  dispose();
});
