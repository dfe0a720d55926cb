import { describe, expect, it } from 'vitest';
import type { ContainerChanged, ContainerSummary } from '../../preload/contract';
import { ContainerPatches, overlay } from '../../main/core/docker/container-patches';

function container(name: string, state: ContainerSummary['state'] = 'created'): ContainerSummary {
  return { id: `${name}-id`, name, image: 'busybox', state, status: '', createdAt: 0, startedAt: null, ports: [], project: null, service: null, labels: {} };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('overlay', () => {
  it('replaces, removes and adds the changed containers, and leaves the list alone without changes', () => {
    const list = [container('a'), container('b')];
    expect(overlay(list, new Map())).toBe(list);
    const changes = new Map<string, ContainerSummary | null>([
      ['a-id', container('a', 'running')],
      ['b-id', null],
      ['c-id', container('c')],
    ]);
    expect(overlay(list, changes).map((c) => `${c.name}:${c.state}`)).toEqual(['a:running', 'c:created']);
  });
});

describe('ContainerPatches', () => {
  it('publishes the summary of a changed container, and null when it is gone', async () => {
    const published: ContainerChanged[] = [];
    const patches = new ContainerPatches(async (id) => (id === 'a-id' ? container('a', 'running') : null), (c) => published.push(c));
    patches.changed('a-id');
    patches.changed('b-id');
    await flush();
    expect(published).toEqual([
      { id: 'a-id', summary: container('a', 'running') },
      { id: 'b-id', summary: null },
    ]);
  });

  it('publishes only the latest answer for a container when answers come back out of order', async () => {
    const published: ContainerChanged[] = [];
    const asks = [deferred<ContainerSummary | null>(), deferred<ContainerSummary | null>()];
    let n = 0;
    const patches = new ContainerPatches(() => asks[n++]!.promise, (c) => published.push(c));
    patches.changed('a-id'); // start
    patches.changed('a-id'); // die
    asks[1]!.resolve(container('a', 'exited'));
    await flush();
    asks[0]!.resolve(container('a', 'running'));
    await flush();
    expect(published.map((c) => c.summary?.state)).toEqual(['exited']);
  });

  it('lays the patches published during a full listing over its answer', async () => {
    const published: ContainerChanged[] = [];
    const patches = new ContainerPatches(async () => container('a', 'running'), (c) => published.push(c));
    const listing = deferred<ContainerSummary[]>();
    const listed = patches.list(() => listing.promise);
    patches.changed('a-id');
    await flush();
    listing.resolve([container('a', 'created'), container('b')]);
    expect((await listed).map((c) => `${c.name}:${c.state}`)).toEqual(['a:running', 'b:created']);
    // The next listing starts clean.
    expect(await patches.list(async () => [container('a', 'exited')])).toEqual([container('a', 'exited')]);
  });

  it('publishes nothing for a failed look-up, nor after it is stopped', async () => {
    const published: ContainerChanged[] = [];
    const patches = new ContainerPatches(async (id) => {
      if (id === 'bad') throw new Error('engine hiccup');
      return container('a');
    }, (c) => published.push(c));
    patches.changed('bad');
    await flush();
    patches.stop();
    patches.changed('a-id');
    await flush();
    expect(published).toEqual([]);
  });
});
