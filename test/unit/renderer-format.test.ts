import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../preload/contract/dto';
import { actionsFor } from '../../renderer/src/lib/container-actions';
import { displayImage, formatBytes, formatPorts, formatUptime, plural, shortId } from '../../renderer/src/lib/format';
import { findContainer, groupContainers } from '../../renderer/src/lib/grouping';
import { formatHash, parseHash } from '../../renderer/src/lib/routes';

function c(name: string, project: string | null, extra: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: `${name.replace(/\W/g, '')}0123456789abcdef`,
    name,
    image: 'nginx:1.27',
    state: 'running',
    status: 'Up',
    createdAt: 0,
    startedAt: 0,
    ports: [],
    project,
    service: null,
    labels: {},
    ...extra,
  };
}

describe('renderer grouping and filter', () => {
  const items = [c('solo', null), c('zeta-web', 'zeta'), c('alpha-db', 'alpha'), c('alpha-api', 'alpha'), c('another', null)];

  it('puts compose projects first, by name, and ungrouped containers last', () => {
    const groups = groupContainers(items);
    expect(groups.map((g) => g.project)).toEqual(['alpha', 'zeta', null]);
    expect(groups[0]!.containers.map((x) => x.name)).toEqual(['alpha-api', 'alpha-db']);
    expect(groups[2]!.containers.map((x) => x.name)).toEqual(['another', 'solo']);
  });

  it('filters on name, image, project and id prefix', () => {
    expect(groupContainers(items, 'ZETA').flatMap((g) => g.containers.map((x) => x.name))).toEqual(['zeta-web']);
    expect(groupContainers(items, 'alpha').map((g) => g.project)).toEqual(['alpha']);
    expect(groupContainers([c('a', null, { image: 'redis:7' }), c('b', null)], 'redis')[0]!.containers.map((x) => x.name)).toEqual(['a']);
    expect(groupContainers(items, 'solo0123').flatMap((g) => g.containers.map((x) => x.name))).toEqual(['solo']);
    expect(groupContainers(items, '0123456789').length).toBe(0);
  });

  it('finds a container from the URL by id, short id or name', () => {
    expect(findContainer(items, 'solo')?.name).toBe('solo');
    expect(findContainer(items, '/solo')?.name).toBe('solo');
    expect(findContainer(items, 'alphadb0123')?.name).toBe('alpha-db');
    expect(findContainer(items, 'nope')).toBeUndefined();
  });
});

describe('renderer formatting', () => {
  it('formats ports as host→container, folding IPv6 twins', () => {
    expect(
      formatPorts([
        { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
        { containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 5353 },
        { containerPort: 53, protocol: 'udp', hostIp: '::', hostPort: 5353 },
        { containerPort: 9000, protocol: 'tcp', hostIp: null, hostPort: null },
      ]),
    ).toEqual(['0.0.0.0:5353→53/udp', '127.0.0.1:8080→80/tcp', '9000/tcp']);
  });

  it('shows uptime while running and docker’s status otherwise', () => {
    const now = 10 * 60_000;
    expect(formatUptime({ state: 'running', startedAt: now - 5 * 60_000, status: 'x' }, now)).toBe('Up 5 min');
    expect(formatUptime({ state: 'running', startedAt: now - 10_000, status: 'x' }, now)).toBe('Up less than a minute');
    expect(formatUptime({ state: 'running', startedAt: 0, status: 'x' }, 3 * 3600_000)).toBe('Up 3 h');
    expect(formatUptime({ state: 'paused', startedAt: 0, status: 'x' }, 5 * 86_400_000)).toBe('Up 5 days (Paused)');
    expect(formatUptime({ state: 'exited', startedAt: null, status: 'Exited (0) 3 minutes ago' }, now)).toBe(
      'Exited (0) 3 minutes ago',
    );
  });

  it('formats sizes and ids', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(2 * 1024 ** 3, true)).toBe('2 GiB');
    expect(formatBytes(null)).toBe('—');
    expect(shortId('sha256:0123456789abcdef')).toBe('0123456789ab');
  });

  it('offers only the actions valid for a state', () => {
    expect(actionsFor('running')).toEqual(['stop', 'restart', 'pause', 'kill', 'remove']);
    expect(actionsFor('paused')).toContain('unpause');
    expect(actionsFor('paused')).not.toContain('pause');
    expect(actionsFor('exited')).toEqual(['start', 'remove']);
  });
});

describe('renderer routes', () => {
  it('round-trips every page through the hash', () => {
    for (const route of [
      { page: 'dashboard' },
      { page: 'containers' },
      { page: 'container', id: 'web-1', tab: 'logs' },
      { page: 'container', id: 'abc123', tab: 'inspect' },
      { page: 'images' },
      { page: 'volumes' },
      { page: 'settings' },
    ] as const) {
      expect(parseHash(formatHash(route))).toEqual(route);
    }
  });

  it('falls back to the dashboard, and to Logs for a container without a tab', () => {
    expect(parseHash('')).toEqual({ page: 'dashboard' });
    expect(parseHash('#/nowhere')).toEqual({ page: 'dashboard' });
    expect(parseHash('#/containers/web-1')).toEqual({ page: 'container', id: 'web-1', tab: 'logs' });
  });
});

describe('renderer image names and plurals', () => {
  const hex = 'f1e2d3c4b5a6978812345678901234567890abcdefabcdefabcdefabcdefabcd';

  it('shows an untagged image (docker reports its id) as the short 12-hex id', () => {
    expect(displayImage(`sha256:${hex}`)).toBe('f1e2d3c4b5a6');
    expect(displayImage(hex)).toBe('f1e2d3c4b5a6');
    expect(shortId(`sha256:${hex}`)).toBe('f1e2d3c4b5a6');
  });

  it('keeps image references as they are, digests included', () => {
    expect(displayImage('nginx:1.27')).toBe('nginx:1.27');
    expect(displayImage('berth-test/busybox')).toBe('berth-test/busybox');
    expect(displayImage(`nginx@sha256:${hex}`)).toBe(`nginx@sha256:${hex}`);
    expect(displayImage('sha256:abc')).toBe('sha256:abc');
  });

  it('counts with the right plural', () => {
    expect(plural(1, 'image')).toBe('1 image');
    expect(plural(0, 'image')).toBe('0 images');
    expect(plural(2, 'container')).toBe('2 containers');
  });
});
