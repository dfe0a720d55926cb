import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContainerSummary, EngineInfo, EngineStatus } from '../../preload/contract/dto';
import { BerthError } from '../../preload/contract/errors';
import type { SettingsSnapshot } from '../../preload/contract/settings';
import { setApi } from '../../renderer/src/api/client';
import { setConnectionStatus, useConnection } from '../../renderer/src/api/connection';
import { FakeApi } from '../../renderer/src/api/fake-api';
import { containersStore, useContainers } from '../../renderer/src/stores/containers';
import { useEngine } from '../../renderer/src/stores/engine';
import { useImages } from '../../renderer/src/stores/images';
import { useSettings } from '../../renderer/src/stores/settings';
import { startStores } from '../../renderer/src/stores/start';
import { useVolumes } from '../../renderer/src/stores/volumes';

const flush = () => new Promise((r) => setTimeout(r, 0));

function container(name: string, extra: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: `${name}-id`.padEnd(64, '0'),
    name,
    image: 'busybox',
    state: 'running',
    status: 'Up 1 minute',
    createdAt: 0,
    startedAt: 0,
    ports: [],
    project: null,
    service: null,
    labels: {},
    ...extra,
  };
}

const status = (state: EngineStatus['state']): EngineStatus => ({
  state,
  backend: 'native',
  dockerHost: 'unix:///var/run/docker.sock',
  progress: null,
  error: null,
  warnings: [],
  vm: null,
});

const info = { version: '27.0.0' } as EngineInfo;

const snapshot = (cpus: number, theme: 'system' | 'dark' = 'system'): SettingsSnapshot => ({
  settings: {
    version: 1,
    backend: 'auto',
    accelerator: 'auto',
    guestImagePath: null,
    cpus,
    memoryMiB: 4096,
    diskGiB: 64,
    shares: [],
    shareMechanism: 'auto',
    fileWatchIgnore: ['node_modules', '.git'],
    portBindPolicy: 'localhost',
    startAtLogin: false,
    theme,
  },
  limits: { cpus: { min: 1, max: 8 }, memoryMiB: { min: 1024, max: 16384 }, diskGiB: { min: 16, max: 512 } },
  path: '/home/me/.config/berth/settings.json',
  pendingRestart: 'none',
  warnings: [],
});

let fake: FakeApi;
let stop: () => void = () => {};

function fakeWith(engineState: EngineStatus['state']) {
  return new FakeApi({
    'engine:get-status': () => status(engineState),
    'engine:get-info': () => info,
    'containers:list': () => [container('web-1')],
    'images:list': () => [],
    'volumes:list': () => [],
    'settings:get': () => snapshot(2),
  });
}

beforeEach(() => {
  useContainers.setState({ items: null, error: null, loading: false });
  useImages.setState({ items: null, error: null, loading: false });
  useVolumes.setState({ items: null, error: null, loading: false });
  useEngine.setState({ status: null, statusError: null, info: null, infoError: null, busy: null });
  useSettings.setState({ snapshot: null, draft: null, loadError: null, applyError: null, applying: false });
  useConnection.setState({ status: 'open', generation: 0 });
});

afterEach(() => {
  stop();
  stop = () => {};
  setApi(null);
});

describe('renderer stores: events update without refetching', () => {
  it('containers: one fetch, then list-changed replaces the list with no further call', async () => {
    fake = fakeWith('running');
    setApi(fake);
    stop = startStores();
    await flush();
    expect(useContainers.getState().items?.map((c) => c.name)).toEqual(['web-1']);
    expect(fake.count('containers:list')).toBe(1);

    fake.emit('containers:list-changed', [container('web-1'), container('db-1', { project: 'shop' })]);
    expect(useContainers.getState().items?.map((c) => c.name)).toEqual(['web-1', 'db-1']);
    fake.emit('images:list-changed', [
      { id: 'sha256:abc', tags: ['busybox:latest'], sizeBytes: 1, createdAt: 0, containers: 1, dangling: false },
    ]);
    expect(useImages.getState().items).toHaveLength(1);
    fake.emit('volumes:list-changed', []);
    expect(useVolumes.getState().items).toEqual([]);

    await flush();
    expect(fake.count('containers:list')).toBe(1);
    expect(fake.count('images:list')).toBe(1);
    expect(fake.count('volumes:list')).toBe(1);
  });

  it('an older fetch answer never overwrites a newer push', async () => {
    let answer: (list: ContainerSummary[]) => void = () => {};
    fake = new FakeApi({ 'containers:list': () => new Promise((resolve) => (answer = resolve)) });
    setApi(fake);
    stop = containersStore.start();
    await flush();
    fake.emit('containers:list-changed', [container('new')]);
    answer([container('old')]);
    await flush();
    expect(useContainers.getState().items?.map((c) => c.name)).toEqual(['new']);
  });

  it('keeps the typed error of a failed fetch', async () => {
    fake = new FakeApi({
      'containers:list': () => {
        throw new BerthError('engine-unavailable', 'no engine');
      },
    });
    setApi(fake);
    stop = containersStore.start();
    await flush();
    expect(useContainers.getState().error?.code).toBe('engine-unavailable');
    expect(useContainers.getState().error?.message).toBe('no engine');
  });

  it('engine: state-changed updates the status without get-status; running fetches info and the lists once', async () => {
    fake = fakeWith('stopped');
    setApi(fake);
    stop = startStores();
    await flush();
    expect(useEngine.getState().status?.state).toBe('stopped');
    expect(fake.count('engine:get-info')).toBe(0);

    fake.emit('engine:state-changed', { ...status('starting'), progress: { step: 'vm', message: 'Booting', fraction: 0.3 } });
    expect(useEngine.getState().status?.progress?.message).toBe('Booting');
    fake.emit('engine:state-changed', status('running'));
    await flush();
    expect(useEngine.getState().status?.state).toBe('running');
    expect(useEngine.getState().info?.version).toBe('27.0.0');
    expect(fake.count('engine:get-status')).toBe(1);
    expect(fake.count('engine:get-info')).toBe(1);
    expect(fake.count('containers:list')).toBe(2);

    fake.emit('engine:state-changed', status('running'));
    await flush();
    expect(fake.count('engine:get-info')).toBe(1);
  });

  it('settings: a push replaces an untouched draft but keeps the user’s edits', async () => {
    fake = fakeWith('running');
    setApi(fake);
    stop = startStores();
    await flush();
    expect(useSettings.getState().draft?.cpus).toBe(2);

    fake.emit('settings:snapshot-changed', snapshot(3));
    expect(useSettings.getState().draft?.cpus).toBe(3);

    useSettings.getState().edit({ cpus: 6 });
    fake.emit('settings:snapshot-changed', snapshot(4, 'dark'));
    expect(useSettings.getState().snapshot?.settings.cpus).toBe(4);
    expect(useSettings.getState().draft?.cpus).toBe(6);
    expect(fake.count('settings:get')).toBe(1);
  });

  it('settings: Apply sends the changed fields only and shows a refusal verbatim', async () => {
    fake = fakeWith('running');
    fake.handlers['settings:update'] = ({ patch }) => {
      if (patch.cpus === 7) throw new BerthError('invalid-input', 'cpus: this host has only 6 CPUs');
      const next = snapshot(Number(patch.cpus));
      return { ...next, pendingRestart: 'vm-restart', impact: 'vm-restart' };
    };
    setApi(fake);
    stop = startStores();
    await flush();

    useSettings.getState().edit({ cpus: 4 });
    expect(await useSettings.getState().apply()).toBe(true);
    expect(fake.calls.at(-1)).toEqual({ method: 'settings:update', input: { patch: { cpus: 4 } } });
    expect(useSettings.getState().snapshot?.pendingRestart).toBe('vm-restart');
    expect(useSettings.getState().lastImpact).toBe('vm-restart');

    useSettings.getState().edit({ cpus: 7 });
    expect(await useSettings.getState().apply()).toBe(false);
    expect(useSettings.getState().applyError).toBe('cpus: this host has only 6 CPUs');
    expect(useSettings.getState().draft?.cpus).toBe(7);
  });

  it('refetches everything after a reconnect, and only then', async () => {
    fake = fakeWith('running');
    setApi(fake);
    stop = startStores();
    await flush();
    const before = fake.calls.length;
    setConnectionStatus('reconnecting');
    await flush();
    expect(fake.calls.length).toBe(before);
    setConnectionStatus('open');
    await flush();
    for (const m of ['engine:get-status', 'settings:get', 'containers:list', 'images:list', 'volumes:list'] as const) {
      expect(fake.count(m)).toBe(2);
    }
    expect(useConnection.getState().generation).toBe(1);
  });

  it('stops listening when stopped', async () => {
    fake = fakeWith('running');
    setApi(fake);
    stop = startStores();
    await flush();
    expect(fake.listenerCount('containers:list-changed')).toBe(1);
    stop();
    stop = () => {};
    expect(fake.listenerCount('containers:list-changed')).toBe(0);
    expect(fake.listenerCount('engine:state-changed')).toBe(0);
  });
});
