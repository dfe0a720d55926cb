import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BroadcastEventName } from '../../preload/contract';
import { EventBus } from '../../main/core/events';
import { watchEngine, type ListSources } from '../../main/core/docker/watcher';

// A stand-in engine that only serves /events, held open until the test ends it.
let dir: string;
let server: Server;
let events: ServerResponse | null;
let docker: Dockerode;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-watch-'));
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

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchEngine', () => {
  it('publishes all three lists once connected, then re-lists only what an event touched', async () => {
    const bus = new EventBus();
    const seen = record(bus);
    const { sources, calls } = fakeSources();
    const dispose = watchEngine(docker, bus, sources, () => {});
    await until('initial lists', () => seen.length === 3);
    expect([...seen].sort()).toEqual(['containers:list-changed', 'images:list-changed', 'volumes:list-changed']);

    seen.length = 0;
    // Split mid-document, as a socket may deliver it.
    const start = JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'c1' } });
    events!.write(start.slice(0, 20));
    await sleep(20);
    events!.write(`${start.slice(20)}\n${JSON.stringify({ Type: 'container', Action: 'die', Actor: { ID: 'c1' } })}\n`);
    await until('container list', () => seen.length >= 1);
    await sleep(200);
    expect(seen).toEqual(['containers:list-changed']);
    expect(calls.forgotten).toEqual(['c1', 'c1']);

    seen.length = 0;
    events!.write(`${JSON.stringify({ Type: 'container', Action: 'exec_start: sh -c ls', Actor: { ID: 'c1' } })}\n`);
    events!.write(`${JSON.stringify({ Type: 'volume', Action: 'mount', Actor: { ID: 'v' } })}\n`);
    await sleep(200);
    expect(seen).toEqual([]);

    events!.write(`${JSON.stringify({ Type: 'container', Action: 'destroy', Actor: { ID: 'c1' } })}\n`);
    await until('three lists', () => seen.length === 3);
    expect([...seen].sort()).toEqual(['containers:list-changed', 'images:list-changed', 'volumes:list-changed']);
    dispose();
  });

  it('reports a loss when the engine ends its event stream', async () => {
    const lost: Error[] = [];
    watchEngine(docker, new EventBus(), fakeSources().sources, (error) => lost.push(error));
    await until('connected', () => events !== null);
    events!.end();
    await until('loss reported', () => lost.length > 0);
    await sleep(50);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ code: 'engine-unavailable' });
  });

  it('reports a loss when the engine cannot be reached at all', async () => {
    const lost: Error[] = [];
    const nowhere = new Dockerode({ socketPath: path.join(dir, 'absent.sock') });
    watchEngine(nowhere, new EventBus(), fakeSources().sources, (error) => lost.push(error));
    await until('loss reported', () => lost.length > 0);
    expect(lost[0]).toMatchObject({ code: 'engine-unavailable' });
  });

  it('reports nothing and publishes nothing after it was disposed', async () => {
    const bus = new EventBus();
    const seen = record(bus);
    const lost: Error[] = [];
    const dispose = watchEngine(docker, bus, fakeSources().sources, (error) => lost.push(error));
    await until('connected', () => events !== null);
    dispose();
    await sleep(200);
    expect(seen).toEqual([]);
    expect(lost).toEqual([]);
  });
});
