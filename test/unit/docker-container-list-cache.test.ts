import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { Containers } from '../../main/core/docker/containers';

// A stand-in for dockerode's list and start: counts the engine's lists.
function fakeDocker() {
  const calls = { lists: 0, filters: [] as unknown[] };
  let state = 'created';
  const info = (id: string, name: string) => ({ Id: id, Names: [`/${name}`], Image: 'busybox', State: state, Status: '', Created: 0, Ports: [], Labels: {} });
  const docker = {
    listContainers: async (opts: { filters?: { id?: string[] } }) => {
      calls.lists++;
      calls.filters.push(opts.filters);
      const all = [info('aaa111', 'a'), info('bbb222', 'b')];
      return opts.filters?.id ? all.filter((c) => opts.filters!.id!.some((id) => c.Id.startsWith(id))) : all;
    },
    getContainer: () => ({
      start: async () => void (state = 'exited'),
      inspect: async () => ({ State: { StartedAt: '2026-01-01T00:00:00Z' } }),
    }),
  };
  return { docker: docker as unknown as Dockerode, calls };
}

describe('Containers list memory', () => {
  it('asks the engine every time while no watcher follows the engine', async () => {
    const { docker, calls } = fakeDocker();
    const containers = new Containers(docker);
    await containers.listForWatcher();
    await containers.list(true);
    await containers.list(true);
    expect(calls.lists).toBe(3);
  });

  it('answers a full list from the watcher’s last one until any change, and never a running-only list', async () => {
    const { docker, calls } = fakeDocker();
    const containers = new Containers(docker);
    containers.follow(true);
    await containers.listForWatcher();
    expect((await containers.list(true)).map((c) => c.name)).toEqual(['a', 'b']);
    expect(calls.lists).toBe(1);
    await containers.list(false);
    expect(calls.lists).toBe(2);

    containers.forget('aaa111'); // an engine event
    await containers.list(true);
    expect(calls.lists).toBe(3);

    await containers.listForWatcher();
    await containers.start('a'); // Berth's own action, whose event may not have come yet
    expect((await containers.list(true)).map((c) => c.state)).toEqual(['exited', 'exited']);
    expect(calls.lists).toBe(5);
  });

  it('does not keep a list whose listing overlapped a change, nor anything once the watcher stops', async () => {
    const { docker, calls } = fakeDocker();
    const containers = new Containers(docker);
    containers.follow(true);
    const listing = containers.listForWatcher();
    containers.forget('aaa111');
    await listing;
    await containers.list(true);
    expect(calls.lists).toBe(2);

    await containers.listForWatcher();
    containers.follow(false);
    await containers.list(true);
    expect(calls.lists).toBe(4);
  });

  it('gives one container’s summary by its full id, null when gone (the id filter also matches prefixes)', async () => {
    const { docker } = fakeDocker();
    const containers = new Containers(docker);
    expect((await containers.summary('aaa111'))?.name).toBe('a');
    expect(await containers.summary('aaa')).toBeNull();
    expect(await containers.summary('zzz')).toBeNull();
  });
});
