import { describe, expect, it } from 'vitest';
import { mechanismsOnHost } from '../../main/core/sharing/mechanism';
import { sharesReport, shareMountPoints, type GuestMount, type SharesContext } from '../../main/core/sharing/shares-report';
import type { PathKind } from '../../main/core/sharing/share-rules';

const inspect = (p: string): PathKind => (['/home/dev', '/home/dev/src', '/srv/my data'].includes(p) ? 'directory' : 'missing');
const shares = [
  { hostPath: '/home/dev', writable: true },
  { hostPath: '/home/dev/src', writable: true },
  { hostPath: '/srv/my data', writable: false },
  { hostPath: '/gone', writable: true },
];
const virtiofsd = { path: '/usr/lib/qemu/virtiofsd', flavour: 'c', version: '7.2.22' } as const;
const base: SharesContext = {
  mechanisms: mechanismsOnHost({ virtiofsd, root: true, platform: 'linux', guestNinep: true }),
  choice: { mechanism: 'virtiofs' },
  backend: 'qemu',
  guestMounts: [],
  keepsOwners: () => true,
  lost: new Map(),
};
const virtiofs = (...paths: string[]): GuestMount[] => paths.map((path) => ({ path, mechanism: 'virtiofs' }));
const qemu = (guestMounts: GuestMount[] | null): SharesContext => ({ ...base, guestMounts });

describe('sharesReport', () => {
  it.each([
    ['VM running, both mounted', qemu(virtiofs('/home/dev', '/srv/my data')), ['mounted', 'merged', 'mounted', 'refused']],
    ['VM running, one added since boot', qemu(virtiofs('/home/dev')), ['mounted', 'merged', 'not-mounted', 'refused']],
    ['VM running, a virtiofsd gone', { ...qemu(virtiofs('/home/dev', '/srv/my data')), lost: new Map([['/srv/my data', 'exited (SIGKILL)']]) }, ['mounted', 'merged', 'failed', 'refused']],
    ['engine stopped', { ...base, backend: null, guestMounts: null }, ['pending', 'merged', 'pending', 'refused']],
    ['native engine', { ...base, backend: 'native', guestMounts: null }, ['host', 'host', 'host', 'refused']],
    ['no mechanism', { ...base, choice: { mechanism: null, problem: 'x' } }, ['not-mounted', 'merged', 'not-mounted', 'refused']],
  ] as const)('%s', (_name, context, states) => {
    expect(sharesReport(shares, inspect, context).shares.map((s) => s.state)).toEqual(states);
  });

  it('says what to do in each message', () => {
    const rows = sharesReport(shares, inspect, qemu(virtiofs('/home/dev'))).shares;
    expect(rows[1]!.message).toBe('shared as part of /home/dev');
    expect(rows[2]!.message).toContain('restart the VM (`berth restart`)');
    expect(rows[3]!.message).toContain('/gone does not exist');
  });

  it('says how a share stopped working and that a restart brings it back', () => {
    const context: SharesContext = { ...qemu(virtiofs('/home/dev')), lost: new Map([['/home/dev', 'exited (SIGKILL)']]) };
    const rows = sharesReport(shares, inspect, context).shares;
    expect(rows[0]).toMatchObject({ state: 'failed', message: expect.stringMatching(/^stopped working: its virtiofsd exited \(SIGKILL\); .*restart the engine \(`berth restart`\)/) });
    // A folder shared as part of a lost one says where it lives; the failure is on that row.
    expect(rows[1]).toMatchObject({ state: 'merged', message: 'shared as part of /home/dev' });
  });

  it('shows on each row the mechanism the running VM really mounted, the setting only for what is not mounted', () => {
    const context: SharesContext = { ...base, choice: { mechanism: '9p' }, guestMounts: [{ path: '/home/dev', mechanism: 'virtiofs' }] };
    expect(sharesReport(shares, inspect, context).shares.map((s) => s.mechanism)).toEqual(['virtiofs', 'virtiofs', '9p', null]);
  });

  it('says when 9p cannot keep the owners set in containers (no user xattrs on the host filesystem)', () => {
    const context: SharesContext = { ...base, choice: { mechanism: '9p' }, guestMounts: [{ path: '/home/dev', mechanism: '9p' }], keepsOwners: () => false };
    expect(sharesReport(shares, inspect, context).shares[0]!.message).toMatch(/^mounted at \/home\/dev in the VM; over 9p without owner mapping/);
    expect(sharesReport(shares, inspect, { ...context, keepsOwners: () => true }).shares[0]!.message).toBe('mounted at /home/dev in the VM');
  });

  it('gives the reason when no mechanism can carry the shares', () => {
    const rows = sharesReport(shares, inspect, { ...base, choice: { mechanism: null, problem: 'shareMechanism is virtiofs, which cannot work here' } }).shares;
    expect(rows[0]).toMatchObject({ mechanism: null, state: 'not-mounted', message: 'shareMechanism is virtiofs, which cannot work here' });
  });

  it('lists the mechanisms of this host', () => {
    const { mechanisms } = sharesReport([], inspect, qemu([]));
    expect(mechanisms.map((m) => [m.name, m.available])).toEqual([
      ['virtiofs', true],
      ['9p', true],
    ]);
  });
});

describe('shareMountPoints', () => {
  it('keeps virtiofs and 9p mounts with their mechanism and undoes octal escapes', () => {
    const text = [
      'berth0 /home/dev virtiofs rw,relatime 0 0',
      'berth1 /srv/my\\040data 9p ro,relatime,access=client,msize=524288,trans=virtio 0 0',
      'tmpfs /tmp tmpfs rw 0 0',
      '',
    ].join('\n');
    expect(shareMountPoints(text)).toEqual([
      { path: '/home/dev', mechanism: 'virtiofs' },
      { path: '/srv/my data', mechanism: '9p' },
    ]);
  });
});
