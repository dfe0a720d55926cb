/** The watcher pushes a changed container at once, ahead of the coalesced full list. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ContainerSummary } from '../../preload/contract';
import { EventBus } from '../../main/core/events';
import { RELIST_DELAY_MS, watchEngine, type ListSources } from '../../main/core/docker/watcher';

// A stand-in engine that only serves /events, held open until the test ends it.
let dir: string;
let server: Server;
let events: ServerResponse | null;
let docker: Dockerode;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-watch-patch-'));
  events = null;
  server = createServer((req, res) => {
    if (!req.url?.includes('/events')) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    events = res;
  });
  await new Promise<void>((resolve) => server.listen(path.join(dir, 'docker.sock'), resolve));
  docker = new Dockerode({ socketPath: path.join(dir, 'docker.sock') });
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

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
  const dispose = watchEngine(docker, bus, sources, () => {});
  await until('initial list', () => seen.some((s) => s.event === 'containers:list-changed'));
  seen.length = 0;

  state = 'running';
  const sent = Date.now();
  events!.write(`${JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'c1' } })}\n`);
  events!.write(`${JSON.stringify({ Type: 'container', Action: 'destroy', Actor: { ID: 'gone' } })}\n`);
  await until('the full list', () => seen.some((s) => s.event === 'containers:list-changed'));

  const patches = seen.filter((s) => s.event === 'containers:summary-changed');
  expect(patches.map((s) => s.payload)).toEqual([
    { id: 'c1', summary: summary('c1', 'running') },
    { id: 'gone', summary: null },
  ]);
  expect(patches[0]!.at - sent).toBeLessThan(RELIST_DELAY_MS);
  expect(seen.find((s) => s.event === 'containers:list-changed')!.payload).toEqual([summary('c1', 'running')]);
  // Quiet actions (exec and the like) ask for nothing.
  events!.write(`${JSON.stringify({ Type: 'container', Action: 'exec_start: sh', Actor: { ID: 'c1' } })}\n`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(asked).toEqual(['c1', 'gone']);
  dispose();
});
