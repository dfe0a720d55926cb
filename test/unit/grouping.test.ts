import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../preload/contract';
import { groupByProject, toContainerSummary } from '../../main/core/docker/grouping';

function raw(overrides: Partial<Dockerode.ContainerInfo>): Dockerode.ContainerInfo {
  return {
    Id: 'a'.repeat(64),
    Names: ['/web'],
    Image: 'nginx:latest',
    ImageID: 'sha256:1',
    Command: 'nginx',
    Created: 1_700_000_000,
    Ports: [],
    Labels: {},
    State: 'running',
    Status: 'Up 5 minutes',
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
    ...overrides,
  };
}

function summary(name: string, project: string | null, service: string | null = null): ContainerSummary {
  return {
    id: name,
    name,
    image: 'busybox',
    state: 'running',
    status: 'Up',
    createdAt: 0,
    startedAt: null,
    ports: [],
    project,
    service,
    labels: {},
  };
}

describe('toContainerSummary', () => {
  it('maps what the list shows, with times in epoch ms', () => {
    const s = toContainerSummary(raw({}), 1_700_000_100_000);
    expect(s).toEqual({
      id: 'a'.repeat(64),
      name: 'web',
      image: 'nginx:latest',
      state: 'running',
      status: 'Up 5 minutes',
      createdAt: 1_700_000_000_000,
      startedAt: 1_700_000_100_000,
      ports: [],
      project: null,
      service: null,
      labels: {},
    });
  });

  it('takes the compose project and service from their labels', () => {
    const labels = { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db', other: 'x' };
    const s = toContainerSummary(raw({ Labels: labels }), null);
    expect([s.project, s.service, s.labels]).toEqual(['shop', 'db', labels]);
  });

  it("uses the container's own name, not a link alias", () => {
    expect(toContainerSummary(raw({ Names: ['/app/db', '/db'] }), null).name).toBe('db');
    expect(toContainerSummary(raw({ Names: [] }), null).name).toBe('a'.repeat(12));
  });

  it.each(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const)(
    'keeps the state %s',
    (state) => {
      expect(toContainerSummary(raw({ State: state }), null).state).toBe(state);
    },
  );

  it('shows a state it does not know as dead', () => {
    expect(toContainerSummary(raw({ State: 'confused' }), null).state).toBe('dead');
  });

  it('lists each port once, IPv4 and IPv6 twins merged, sorted by container port', () => {
    const ports: Dockerode.Port[] = [
      { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
      { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
      { IP: '127.0.0.1', PrivatePort: 443, PublicPort: 8443, Type: 'tcp' },
      { IP: '::', PrivatePort: 9000, PublicPort: 9000, Type: 'tcp' },
      { IP: '', PrivatePort: 6379, PublicPort: 0, Type: 'tcp' },
    ];
    expect(toContainerSummary(raw({ Ports: ports }), null).ports).toEqual([
      { containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 5353 },
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 443, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8443 },
      { containerPort: 6379, protocol: 'tcp', hostIp: null, hostPort: null },
      // Published on IPv6 only: that is what the user gets, so it stays ::.
      { containerPort: 9000, protocol: 'tcp', hostIp: '::', hostPort: 9000 },
    ]);
  });
});

describe('groupByProject', () => {
  it('puts compose projects first by name, then the containers of no project', () => {
    const groups = groupByProject([
      summary('loose-b', null),
      summary('shop-web-1', 'shop', 'web'),
      summary('blog-db-1', 'blog', 'db'),
      summary('loose-a', null),
      summary('shop-db-1', 'shop', 'db'),
    ]);
    expect(groups.map((g) => [g.project, g.containers.map((c) => c.name)])).toEqual([
      ['blog', ['blog-db-1']],
      ['shop', ['shop-db-1', 'shop-web-1']],
      [null, ['loose-a', 'loose-b']],
    ]);
  });

  it('orders a project by service, then by name with numbers in numeric order', () => {
    const groups = groupByProject([
      summary('shop-web-10', 'shop', 'web'),
      summary('shop-web-2', 'shop', 'web'),
      summary('shop-api-1', 'shop', 'api'),
      summary('shop-oneoff', 'shop', null),
    ]);
    expect(groups[0]!.containers.map((c) => c.name)).toEqual(['shop-api-1', 'shop-web-2', 'shop-web-10', 'shop-oneoff']);
  });

  it('gives no group for nothing and no ungrouped group when every container has a project', () => {
    expect(groupByProject([])).toEqual([]);
    expect(groupByProject([summary('x', 'p', 's')]).map((g) => g.project)).toEqual(['p']);
  });

  it('leaves its input in the order it was given', () => {
    const input = [summary('b', null), summary('a', null)];
    groupByProject(input);
    expect(input.map((c) => c.name)).toEqual(['b', 'a']);
  });
});
