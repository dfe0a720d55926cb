import { describe, expect, it } from 'vitest';
import { filesystemOf, keepsUserXattrs, parseMountInfo } from '../../main/core/sharing/host-xattrs';
import { ninepShares, noXattrWarning } from '../../main/core/sharing/vm-shares';

const MOUNTINFO = [
  '22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '30 22 0:26 / /tmp rw,nosuid shared:5 - tmpfs tmpfs rw',
  '31 22 0:27 / /home/dev/my\\040media rw shared:6 - vfat /dev/sdb1 rw',
  '32 22 0:28 / /srv optional:7 shared:7 - nfs4 server:/srv rw',
  '',
].join('\n');

describe('host filesystems and user xattrs', () => {
  const mounts = parseMountInfo(MOUNTINFO);

  it.each([
    ['/home/dev/src', 'ext4'],
    ['/tmp/x', 'tmpfs'],
    ['/tmpfoo', 'ext4'],
    ['/home/dev/my media/photos', 'vfat'],
    ['/srv', 'nfs4'],
  ])('finds the filesystem of %s: %s', (p, type) => {
    expect(filesystemOf(mounts, p)).toBe(type);
  });

  it.each([
    ['ext4', '6.1.0-28-amd64', true],
    ['btrfs', '5.10.0', true],
    ['tmpfs', '6.6.0', true],
    ['tmpfs', '6.1.0-28-amd64', false],
    ['vfat', '6.12.0', false],
    ['nfs4', '6.12.0', false],
  ] as const)('%s on Linux %s keeps user xattrs: %s', (type, release, expected) => {
    expect(keepsUserXattrs(type, release)).toBe(expected);
  });

  it('uses mapped-xattr where the host keeps user xattrs, else none, and says what none means', () => {
    const mounts9p = ninepShares(
      [
        { hostPath: '/home/dev', guestPath: '/home/dev', writable: true, tag: 'berth0' },
        { hostPath: '/media/usb', guestPath: '/media/usb', writable: true, tag: 'berth1' },
      ],
      (p) => ({ supported: p === '/home/dev', fsType: p === '/home/dev' ? 'ext4' : 'vfat' }),
    );
    expect(mounts9p.map((s) => [s.tag, s.securityModel])).toEqual([
      ['berth0', 'mapped-xattr'],
      ['berth1', 'none'],
    ]);
    expect(noXattrWarning('/media/usb')).toMatch(/^\/media\/usb is shared over 9p without owner mapping: .*chown in a container does not fail/);
  });
});
