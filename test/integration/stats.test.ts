/**
 * Container stats against a real engine: samples stream while someone
 * watches, two watchers of one container share one engine stream, and the
 * stream closes with the last watcher (or its session).
 */
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContainerStats } from '../../preload/contract';
import { BerthError } from '../../preload/contract';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { StatsWatch } from '../../main/core/docker/stats';
import { Session } from '../../main/core/rpc/session';
import { BUSYBOX_TAG } from '../fixtures/busybox-image';

const docker = new Dockerode(dockerOptionsFromHost(inject('dockerHost')));
const name = `berth-it-stats-${Date.now().toString(36)}`;
let id = '';

function recordingSession(): { session: Session; samples: ContainerStats[] } {
  const samples: ContainerStats[] = [];
  const session = new Session(`stats-${Math.random()}`, (event, payload) => {
    if (event === 'stats:samples-received') samples.push(...(payload as { samples: ContainerStats[] }).samples);
  });
  return { session, samples };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  // Busy (a shell loop) and holding some memory, so the figures are not all zero.
  const container = await docker.createContainer({
    name,
    Image: BUSYBOX_TAG,
    Cmd: ['sh', '-c', "trap 'exit 0' TERM; x=$(head -c 2000000 /dev/zero | tr '\\0' a); while true; do :; done"],
  });
  await container.start();
  id = container.id;
});

afterAll(async () => {
  await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
});

describe('StatsWatch', () => {
  it('streams samples with CPU and memory of a running container while watched, and stops with the last watcher', async () => {
    const stats = new StatsWatch(docker, 200);
    const a = recordingSession();
    const b = recordingSession();
    const subA = await stats.watch([id], a.session);
    await stats.watch([id], b.session);
    expect(stats.openStreams).toBe(1);

    await until(() => a.samples.length >= 2 && b.samples.length >= 2, 10_000);
    const last = a.samples.at(-1)!;
    expect(last.id).toBe(id);
    expect(last.cpuPercent).toBeGreaterThan(1); // a busy loop
    expect(last.memoryUsedBytes).toBeGreaterThan(1_000_000);
    expect(last.memoryLimitBytes).toBeGreaterThan(last.memoryUsedBytes);
    expect(last.pids).toBeGreaterThanOrEqual(1);
    expect(last.sampledAt).toBeGreaterThan(Date.now() - 60_000);

    await stats.unwatch(subA.subscriptionId, a.session);
    expect(stats.openStreams).toBe(1);
    const seen = a.samples.length;
    await b.session.close();
    expect(stats.openStreams).toBe(0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(a.samples.length).toBe(seen);
  });

  it('refuses one container that does not exist, saying so', async () => {
    const stats = new StatsWatch(docker, 200);
    const { session } = recordingSession();
    const error = await stats.watch(['no-such-container-berth'], session).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).code).toBe('not-found');
    expect(stats.openStreams).toBe(0);
    await expect(stats.unwatch('nope', session)).rejects.toMatchObject({ code: 'not-found' });
  });
});
