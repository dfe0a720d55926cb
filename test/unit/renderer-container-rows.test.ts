import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../preload/contract/dto';
import { splitByGroup, tableRows } from '../../renderer/src/lib/container-rows';
import { groupContainers } from '../../renderer/src/lib/grouping';

function container(name: string, project: string | null = null): ContainerSummary {
  return { id: `${name}-id`, name, image: 'busybox', state: 'created', status: 'Created', createdAt: 0, startedAt: null, ports: [], project, service: null, labels: {} };
}

const items = [container('web-1', 'shop'), container('db-1', 'shop'), container('lonely'), container('api-1', 'api')];

describe('tableRows', () => {
  it('lists each project header then its containers, the standalone ones last under their own header', () => {
    const rows = tableRows(groupContainers(items), new Set());
    expect(rows.map((r) => r.key)).toEqual(['project:api', 'api-1-id', 'project:shop', 'db-1-id', 'web-1-id', 'standalone', 'lonely-id']);
    expect(rows.filter((r) => r.kind === 'container').map((r) => r.kind === 'container' && r.nested)).toEqual([true, true, true, false]);
  });

  it('hides a collapsed project’s containers but keeps its header', () => {
    const rows = tableRows(groupContainers(items), new Set(['shop']));
    expect(rows.map((r) => r.key)).toEqual(['project:api', 'api-1-id', 'project:shop', 'standalone', 'lonely-id']);
    expect(rows.find((r) => r.key === 'project:shop')).toMatchObject({ expanded: false });
  });

  it('has no standalone header when no container belongs to a project', () => {
    expect(tableRows(groupContainers([container('a'), container('b')]), new Set()).map((r) => r.key)).toEqual(['a-id', 'b-id']);
  });
});

describe('splitByGroup', () => {
  it('cuts a window of rows into runs of one group each', () => {
    const rows = tableRows(groupContainers(items), new Set());
    expect(splitByGroup(rows.slice(1, 6)).map((p) => [p.groupKey, p.rows.length])).toEqual([['api', 1], ['shop', 3], ['', 1]]);
    expect(splitByGroup([])).toEqual([]);
  });
});
