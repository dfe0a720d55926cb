import { describe, expect, it } from 'vitest';
import { sharesReport, virtiofsMountPoints, type SharesContext } from '../../main/core/sharing/shares-report';
import type { PathKind } from '../../main/core/sharing/share-rules';

const inspect = (p: string): PathKind => (['/home/dev', '/home/dev/src', '/srv/my data'].includes(p) ? 'directory' : 'missing');
const shares = [
  { hostPath: '/home/dev', writable: true },
  { hostPath: '/home/dev/src', writable: true },
  { hostPath: '/srv/my data', writable: false },
  { hostPath: '/gone', writable: true },
];
const qemu = (guestMounts: string[] | null): SharesContext => ({ virtiofsd: '/usr/lib/qemu/virtiofsd', backend: 'qemu', guestMounts });

describe('sharesReport', () => {
  it.each([
    ['VM running, both mounted', qemu(['/home/dev', '/srv/my data']), ['mounted', 'merged', 'mounted', 'refused']],
    ['VM running, one added since boot', qemu(['/home/dev']), ['mounted', 'merged', 'not-mounted', 'refused']],
    ['engine stopped', { virtiofsd: '/x', backend: null, guestMounts: null }, ['pending', 'merged', 'pending', 'refused']],
    ['native engine', { virtiofsd: null, backend: 'native', guestMounts: null }, ['host', 'host', 'host', 'refused']],
    ['no virtiofsd', { virtiofsd: null, backend: 'qemu', guestMounts: [] }, ['not-mounted', 'merged', 'not-mounted', 'refused']],
  ] as const)('%s', (_name, context, states) => {
    expect(sharesReport(shares, inspect, context).shares.map((s) => s.state)).toEqual(states);
  });

  it('says what to do in each message', () => {
    const rows = sharesReport(shares, inspect, qemu(['/home/dev'])).shares;
    expect(rows[1]!.message).toBe('shared as part of /home/dev');
    expect(rows[2]!.message).toContain('restart the VM (`berth restart`)');
    expect(rows[3]!.message).toContain('/gone does not exist');
  });

  it('lists virtiofs as the mechanism and 9p as unavailable with this guest image', () => {
    const { mechanisms } = sharesReport([], inspect, qemu([]));
    expect(mechanisms.map((m) => [m.name, m.available])).toEqual([['virtiofs', true], ['9p', false]]);
    expect(mechanisms[1]!.detail).toContain('no 9p support');
  });
});

describe('virtiofsMountPoints', () => {
  it('keeps virtiofs mounts only and undoes octal escapes', () => {
    const text = ['berth0 /home/dev virtiofs rw,relatime 0 0', 'berth1 /srv/my\\040data virtiofs ro 0 0', 'tmpfs /tmp tmpfs rw 0 0', ''].join('\n');
    expect(virtiofsMountPoints(text)).toEqual(['/home/dev', '/srv/my data']);
  });
});
