/**
 * DockerService against a real engine (see global-setup.ts). Everything made
 * here carries a per-run name prefix and is removed in afterAll.
 */
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BroadcastEvents, ContainerSummary, StreamEvents } from '../../preload/contract';
import { BerthError } from '../../preload/contract';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { DockerService } from '../../main/core/docker/docker-service';
import { groupByProject } from '../../main/core/docker/grouping';
import { EventBus } from '../../main/core/events';
import { Session } from '../../main/core/rpc/session';
import { BUSYBOX_TAG } from '../fixtures/busybox-image';

const PREFIX = `berth-it-${Date.now().toString(36)}`;
const docker = new Dockerode(dockerOptionsFromHost(inject('dockerHost')));
const bus = new EventBus();
const service = new DockerService(docker, bus);

// Prints known lines on both streams, then ticks until stopped; exits at once on SIGTERM.
const LOOPER = [
  "trap 'exit 0' TERM",
  'echo "hello from stdout"',
  'echo "hello from stderr" >&2',
  "printf 'utf8: ünïcødé 🌍\\n'",
  'i=0',
  'while true; do echo "tick $i"; echo "tock $i" >&2; i=$((i+1)); sleep 0.2; done',
].join('\n');

type Recorded = { [E in keyof StreamEvents]: { event: E; payload: StreamEvents[E] } }[keyof StreamEvents];

function recordingSession(): { session: Session; events: Recorded[] } {
  const events: Recorded[] = [];
  const session = new Session(`test-${Math.random()}`, (event, payload) => events.push({ event, payload } as Recorded));
  return { session, events };
}

async function create(
  suffix: string,
  options: { cmd?: string; labels?: Record<string, string>; tty?: boolean; volume?: string } = {},
): Promise<{ id: string; name: string }> {
  const name = `${PREFIX}-${suffix}`;
  const container = await docker.createContainer({
    name,
    Image: BUSYBOX_TAG,
    Cmd: ['sh', '-c', options.cmd ?? LOOPER],
    Labels: options.labels ?? {},
    Tty: options.tty ?? false,
    HostConfig: options.volume ? { Binds: [`${options.volume}:/data`] } : {},
  });
  return { id: container.id, name };
}

async function ours(): Promise<ContainerSummary[]> {
  return (await service.listContainers(true)).filter((c) => c.name.startsWith(PREFIX));
}

async function stateOf(id: string): Promise<ContainerSummary | undefined> {
  return (await service.listContainers(true)).find((c) => c.id === id);
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function linesOf(events: Recorded[], subscriptionId: string): StreamEvents['logs:lines-received']['lines'] {
  return events.flatMap((e) =>
    e.event === 'logs:lines-received' && e.payload.subscriptionId === subscriptionId ? e.payload.lines : [],
  );
}

function endOf(events: Recorded[], subscriptionId: string): StreamEvents['logs:stream-ended'] | undefined {
  for (const e of events) if (e.event === 'logs:stream-ended' && e.payload.subscriptionId === subscriptionId) return e.payload;
  return undefined;
}

async function rejection(promise: Promise<unknown>): Promise<BerthError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BerthError);
  return error as BerthError;
}

afterAll(async () => {
  const containers = await docker.listContainers({ all: true });
  for (const c of containers.filter((c) => c.Names.some((n) => n.startsWith(`/${PREFIX}`)))) {
    await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
  const { Volumes: volumes } = await docker.listVolumes();
  for (const v of (volumes ?? []).filter((v) => v.Name.startsWith(PREFIX))) await docker.getVolume(v.Name).remove();
});

describe('containers', () => {
  it('lists new containers as created, grouped by their compose project', async () => {
    const project = `${PREFIX}-shop`;
    const compose = (service: string) => ({ 'com.docker.compose.project': project, 'com.docker.compose.service': service });
    const web = await create('shop-web-1', { labels: compose('web') });
    const db = await create('shop-db-1', { labels: compose('db') });
    const loose = await create('loose');

    const listed = await ours();
    const byId = new Map(listed.map((c) => [c.id, c]));
    for (const { id, name } of [web, db, loose]) {
      expect(byId.get(id)).toMatchObject({ name, image: BUSYBOX_TAG, state: 'created', startedAt: null });
    }
    expect(byId.get(web.id)).toMatchObject({ project, service: 'web' });
    expect(byId.get(loose.id)).toMatchObject({ project: null, service: null });

    const groups = groupByProject(listed.filter((c) => [web.id, db.id, loose.id].includes(c.id)));
    expect(groups.map((g) => [g.project, g.containers.map((c) => c.name)])).toEqual([
      [project, [db.name, web.name]],
      [null, [loose.name]],
    ]);
    // Only running containers show up without `all`.
    expect((await service.listContainers(false)).some((c) => c.id === web.id)).toBe(false);
  });

  it('starts, pauses, unpauses, restarts, stops, kills and removes, as the list shows', async () => {
    const { id } = await create('lifecycle');
    const before = Date.now();

    await service.startContainer(id);
    const running = await stateOf(id);
    expect(running?.state).toBe('running');
    expect(running?.startedAt).toBeGreaterThanOrEqual(before - 1000);
    expect((await service.listContainers(false)).some((c) => c.id === id)).toBe(true);
    // Starting what runs already is not an error: the user has what they asked for.
    await service.startContainer(id);

    await service.pauseContainer(id);
    expect((await stateOf(id))?.state).toBe('paused');
    await service.unpauseContainer(id);
    expect((await stateOf(id))?.state).toBe('running');

    await service.restartContainer(id, 1);
    const restarted = await stateOf(id);
    expect(restarted?.state).toBe('running');
    expect(restarted?.startedAt).toBeGreaterThan(running!.startedAt!);

    await service.stopContainer(id, 1);
    expect(await stateOf(id)).toMatchObject({ state: 'exited', startedAt: null });
    await service.stopContainer(id, 1);

    await service.startContainer(id);
    await service.killContainer(id, 'SIGKILL');
    expect((await stateOf(id))?.status).toMatch(/^Exited \(137\)/);
    expect((await rejection(service.killContainer(id))).code).toBe('conflict');

    await service.removeContainer(`/${PREFIX}-lifecycle`, { force: false, volumes: true });
    expect(await stateOf(id)).toBeUndefined();
  });

  it('inspects by name and tells whether the container has a TTY', async () => {
    const { id, name } = await create('inspect', { tty: true });
    const inspected = await service.inspectContainer(name);
    expect([inspected.id, inspected.name, inspected.tty]).toEqual([id, name, true]);
    expect((inspected.raw as { Config: { Image: string } }).Config.Image).toBe(BUSYBOX_TAG);
  });

  it('answers not-found with a readable message for an unknown container', async () => {
    const ghost = `${PREFIX}-ghost`;
    for (const attempt of [
      () => service.inspectContainer(ghost),
      () => service.startContainer(ghost),
      () => service.stopContainer(ghost),
      () => service.removeContainer(ghost, { force: true, volumes: false }),
      () => service.subscribeLogs({ id: ghost, tail: 10, follow: true, timestamps: false }, recordingSession().session),
    ]) {
      const error = await rejection(attempt());
      expect([error.code, error.message]).toEqual(['not-found', `No such container: ${ghost}`]);
    }
  });
});

describe('logs', () => {
  it('follows both streams with timestamps, exact text and no frame headers', async () => {
    const { id } = await create('logs');
    await service.startContainer(id);
    const { session, events } = recordingSession();
    const sub = await service.subscribeLogs({ id, tail: 'all', follow: true, timestamps: true }, session);
    expect(sub.tty).toBe(false);

    const lines = await waitFor('three ticks on each stream', () => {
      const all = linesOf(events, sub.subscriptionId);
      return all.filter((l) => l.text.startsWith('to')).length >= 3 && all;
    });
    const texts = (stream: string) => lines.filter((l) => l.stream === stream).map((l) => l.text);
    expect(texts('stdout').slice(0, 4)).toEqual(['hello from stdout', 'utf8: ünïcødé 🌍', 'tick 0', 'tick 1']);
    expect(texts('stderr').slice(0, 3)).toEqual(['hello from stderr', 'tock 0', 'tock 1']);
    for (const line of lines) {
      expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
      expect(line.text).toMatch(/^(hello from std(out|err)|utf8: ünïcødé 🌍|tick \d+|tock \d+)$/);
    }

    await service.unsubscribeLogs(sub.subscriptionId, session);
    const count = linesOf(events, sub.subscriptionId).length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(linesOf(events, sub.subscriptionId).length).toBe(count);
    expect(endOf(events, sub.subscriptionId)).toBeUndefined();
    expect((await rejection(service.unsubscribeLogs(sub.subscriptionId, session))).code).toBe('not-found');
    await session.close();
  });

  it('gives the last lines asked for, then ends the stream', async () => {
    const { id } = await create('tail', { cmd: 'for i in 1 2 3 4 5; do echo "line $i"; done' });
    await service.startContainer(id);
    await docker.getContainer(id).wait();
    const { session, events } = recordingSession();

    const sub = await service.subscribeLogs({ id, tail: 2, follow: false, timestamps: false }, session);
    const ended = await waitFor('end of stream', () => endOf(events, sub.subscriptionId));
    expect(ended.reason).toBeNull();
    expect(linesOf(events, sub.subscriptionId)).toEqual([
      { stream: 'stdout', text: 'line 4', timestamp: null },
      { stream: 'stdout', text: 'line 5', timestamp: null },
    ]);
    await session.close();
  });

  it('delivers many lines in order, in batches of at most 1000', async () => {
    const { id } = await create('many', { cmd: 'seq 1 5000' });
    await service.startContainer(id);
    await docker.getContainer(id).wait();
    const { session, events } = recordingSession();

    const sub = await service.subscribeLogs({ id, tail: 'all', follow: false, timestamps: false }, session);
    await waitFor('end of stream', () => endOf(events, sub.subscriptionId));
    expect(linesOf(events, sub.subscriptionId).map((l) => l.text)).toEqual(
      Array.from({ length: 5000 }, (_, i) => String(i + 1)),
    );
    const batches = events.filter((e) => e.event === 'logs:lines-received');
    expect(Math.max(...batches.map((b) => (b.payload as StreamEvents['logs:lines-received']).lines.length))).toBeLessThanOrEqual(1000);
    await session.close();
  });

  it("ends a followed stream when the container stops", async () => {
    const { id } = await create('stops');
    await service.startContainer(id);
    const { session, events } = recordingSession();
    const sub = await service.subscribeLogs({ id, tail: 0, follow: true, timestamps: false }, session);
    await waitFor('a fresh tick', () => linesOf(events, sub.subscriptionId).some((l) => l.text.startsWith('tick')));
    await service.stopContainer(id, 1);
    expect((await waitFor('end of stream', () => endOf(events, sub.subscriptionId))).reason).toBeNull();
    await session.close();
  });

  it('reads a TTY container as one stream of text', async () => {
    const { id } = await create('tty', { tty: true, cmd: "printf 'tty says hi\\n'; printf 'colour: \\033[32mgreen\\033[0m\\n'; sleep 30" });
    await service.startContainer(id);
    const { session, events } = recordingSession();
    const sub = await service.subscribeLogs({ id, tail: 'all', follow: true, timestamps: false }, session);
    expect(sub.tty).toBe(true);
    const lines = await waitFor('two lines', () => {
      const all = linesOf(events, sub.subscriptionId);
      return all.length >= 2 && all;
    });
    expect(lines).toEqual([
      { stream: 'stdout', text: 'tty says hi', timestamp: null },
      { stream: 'stdout', text: 'colour: \u001b[32mgreen\u001b[0m', timestamp: null },
    ]);
    await session.close();
    await service.killContainer(id);
  });
});

describe('images', () => {
  it('lists the test image with its tag, size and the containers using it', async () => {
    const { id } = await create('image-user');
    const image = (await service.listImages()).find((i) => i.tags.includes(BUSYBOX_TAG));
    expect(image).toBeDefined();
    expect(image!.sizeBytes).toBeGreaterThan(500_000);
    expect(image!.dangling).toBe(false);
    const users = (await docker.listContainers({ all: true })).filter((c) => c.ImageID === image!.id).length;
    expect(image!.containers).toBe(users);
    expect(users).toBeGreaterThanOrEqual(1);
    expect((await service.inspectContainer(id)).id).toBe(id);
  });

  it('answers not-found for an image that does not exist, and conflict for one in use', async () => {
    expect((await rejection(service.removeImage(`${PREFIX}/ghost:latest`, false))).code).toBe('not-found');
    const { id } = await create('image-busy');
    await service.startContainer(id);
    // By id, not by tag: removing one of several tags of an image only untags it,
    // which would take the test image away from every later test.
    const imageId = (await docker.getImage(BUSYBOX_TAG).inspect()).Id;
    expect((await rejection(service.removeImage(imageId, false))).code).toBe('conflict');
    expect((await docker.getImage(BUSYBOX_TAG).inspect()).Id).toBe(imageId);
  });
});

describe('volumes', () => {
  it('creates, lists with users, refuses to remove one in use, and removes', async () => {
    const name = `${PREFIX}-data`;
    const created = await service.createVolume({ name, driver: 'local', labels: { purpose: 'test' } });
    expect(created).toMatchObject({ name, driver: 'local', labels: { purpose: 'test' } });
    expect(created.mountpoint).not.toBe('');
    expect(created.createdAt).toBeGreaterThan(Date.now() - 60_000);

    const listed = (await service.listVolumes()).find((v) => v.name === name);
    expect(listed).toMatchObject({ name, refCount: 0 });

    const user = await create('volume-user', { volume: name });
    expect((await service.listVolumes()).find((v) => v.name === name)?.refCount).toBe(1);
    expect((await rejection(service.removeVolume(name, false))).code).toBe('conflict');

    await service.removeContainer(user.id, { force: true, volumes: false });
    await service.removeVolume(name, false);
    expect((await service.listVolumes()).some((v) => v.name === name)).toBe(false);
    expect((await rejection(service.removeVolume(name, false))).code).toBe('not-found');
  });
});

describe('engine', () => {
  it('answers a ping', async () => {
    await expect(service.ping()).resolves.toBeUndefined();
  });

  it('describes itself with sane numbers', async () => {
    const info = await service.info();
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(info.apiVersion).toMatch(/^1\.\d+$/);
    expect(info.os).not.toBe('');
    expect(info.cpus).toBeGreaterThanOrEqual(1);
    expect(info.memoryBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(info.storageDriver).not.toBe('');
    const c = info.containers;
    expect(c.total).toBe(c.running + c.paused + c.stopped);
    expect(c.total).toBeGreaterThanOrEqual((await ours()).length);
    expect(info.images).toBeGreaterThanOrEqual(1);
    expect(info.disk.imagesBytes).toBeGreaterThan(500_000);
    const { imagesBytes, containersBytes, volumesBytes, buildCacheBytes } = info.disk;
    expect(info.disk.totalBytes).toBe(imagesBytes + containersBytes + volumesBytes + buildCacheBytes);
  });
});

describe('watch', () => {
  let stop: (() => void) | undefined;
  const lost: Error[] = [];
  const seen: Array<{ event: keyof BroadcastEvents; at: number; payload: unknown }> = [];

  beforeAll(() => {
    bus.onAny((event, payload) => seen.push({ event, at: Date.now(), payload }));
    stop = service.watch((error) => lost.push(error));
  });
  afterAll(() => stop?.());

  it('publishes all three lists once it starts', async () => {
    await waitFor('initial lists', () =>
      ['containers:list-changed', 'images:list-changed', 'volumes:list-changed'].every((e) =>
        seen.some((s) => s.event === e),
      ),
    );
  });

  it('publishes the container list within 2 s of a container starting', async () => {
    const { id } = await create('watched');
    await service.startContainer(id);
    const started = Date.now();
    const event = await waitFor(
      'a list with the container running',
      () =>
        seen.find(
          (s) =>
            s.event === 'containers:list-changed' &&
            (s.payload as ContainerSummary[]).some((c) => c.id === id && c.state === 'running'),
        ),
      5000,
    );
    expect(event.at - started).toBeLessThan(2000);
    expect(lost).toEqual([]);
  });

  it('publishes the volume list when a volume is created', async () => {
    const name = `${PREFIX}-watched`;
    await service.createVolume({ name, driver: 'local', labels: {} });
    await waitFor('a volume list with it', () =>
      seen.some((s) => s.event === 'volumes:list-changed' && (s.payload as Array<{ name: string }>).some((v) => v.name === name)),
    );
  });

  it('stops publishing once disposed, without reporting a loss', async () => {
    stop?.();
    stop = undefined;
    const count = seen.length;
    const { id } = await create('after-watch');
    await service.startContainer(id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen.length).toBe(count);
    expect(lost).toEqual([]);
  });
});
