import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../preload/contract/dto';
import { setApi } from '../../renderer/src/api/client';
import { FakeApi } from '../../renderer/src/api/fake-api';
import { containersStore, useContainers } from '../../renderer/src/stores/containers';
import { applyChange, keepUnchanged, sameValue } from '../../renderer/src/stores/list-patch';

const flush = () => new Promise((r) => setTimeout(r, 0));

function container(name: string, extra: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: `${name}-id`,
    name,
    image: 'busybox',
    state: 'created',
    status: 'Created',
    createdAt: 0,
    startedAt: null,
    ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
    project: null,
    service: null,
    labels: { a: '1' },
    ...extra,
  };
}
const byId = (c: ContainerSummary) => c.id;

describe('sameValue', () => {
  it('compares JSON-shaped values deeply', () => {
    expect(sameValue(container('a'), container('a'))).toBe(true);
    expect(sameValue(container('a'), container('a', { state: 'running' }))).toBe(false);
    expect(sameValue(container('a'), container('a', { labels: { a: '2' } }))).toBe(false);
    expect(sameValue(container('a'), container('a', { ports: [] }))).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });
});

describe('keepUnchanged', () => {
  it('keeps the previous object of every unchanged item, and the previous list when nothing changed', () => {
    const prev = [container('a'), container('b')];
    const same = keepUnchanged(prev, [container('a'), container('b')], byId);
    expect(same).toBe(prev);

    const next = keepUnchanged(prev, [container('a'), container('b', { state: 'running' })], byId);
    expect(next).not.toBe(prev);
    expect(next[0]).toBe(prev[0]);
    expect(next[1]).not.toBe(prev[1]);
    expect(next[1]!.state).toBe('running');
  });

  it('takes the new list as it is the first time, and follows additions, removals and order', () => {
    const first = [container('a')];
    expect(keepUnchanged(null, first, byId)).toBe(first);
    const prev = [container('a'), container('b')];
    const next = keepUnchanged(prev, [container('c'), container('a')], byId);
    expect(next.map((c) => c.name)).toEqual(['c', 'a']);
    expect(next[1]).toBe(prev[0]);
  });
});

describe('applyChange', () => {
  const list = [container('a'), container('b')];

  it('replaces the changed item only', () => {
    const next = applyChange(list, 'b-id', container('b', { state: 'running' }), byId);
    expect(next.map((c) => c.state)).toEqual(['created', 'running']);
    expect(next[0]).toBe(list[0]);
  });

  it('adds a new item, removes a gone one, and leaves the list alone for no change', () => {
    expect(applyChange(list, 'c-id', container('c'), byId).map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(applyChange(list, 'a-id', null, byId).map((c) => c.name)).toEqual(['b']);
    expect(applyChange(list, 'zzz', null, byId)).toBe(list);
    expect(applyChange(list, 'a-id', container('a'), byId)).toBe(list);
  });
});

describe('the containers store', () => {
  let stop: () => void = () => {};
  afterEach(() => {
    stop();
    useContainers.setState({ items: null, loading: false, error: null });
  });

  it('applies one container pushed at once, keeping the others, and a later full list keeps unchanged ones', async () => {
    const fake = new FakeApi({ 'containers:list': () => [container('a'), container('b')] });
    setApi(fake);
    stop = containersStore.start();
    await flush();
    const before = useContainers.getState().items!;
    expect(before.map((c) => c.state)).toEqual(['created', 'created']);

    fake.emit('containers:summary-changed', { id: 'b-id', summary: container('b', { state: 'running' }) });
    const patched = useContainers.getState().items!;
    expect(patched.map((c) => c.state)).toEqual(['created', 'running']);
    expect(patched[0]).toBe(before[0]);

    fake.emit('containers:list-changed', [container('a'), container('b', { state: 'running' })]);
    expect(useContainers.getState().items).toBe(patched);

    fake.emit('containers:summary-changed', { id: 'a-id', summary: null });
    expect(useContainers.getState().items!.map((c) => c.name)).toEqual(['b']);
  });

  it('drops a fetch that started before a pushed change', async () => {
    let answer: (items: ContainerSummary[]) => void = () => {};
    const fake = new FakeApi({ 'containers:list': () => new Promise<ContainerSummary[]>((r) => (answer = r)) });
    setApi(fake);
    useContainers.setState({ items: [container('a')] });
    stop = containersStore.start();
    fake.emit('containers:summary-changed', { id: 'a-id', summary: container('a', { state: 'running' }) });
    answer([container('a')]);
    await flush();
    expect(useContainers.getState().items!.map((c) => c.state)).toEqual(['running']);
  });
});
