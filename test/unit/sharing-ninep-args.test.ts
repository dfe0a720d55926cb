import { describe, expect, it } from 'vitest';
import { buildQemuArgs, type VmShare } from '../../main/core/vm/qemu-args';
import { flagValues, shareTestSpec } from '../fixtures/qemu-spec';

const home: VmShare = { mechanism: '9p', hostPath: '/home/dev', guestPath: '/home/dev', writable: true, tag: 'berth0', securityModel: 'mapped-xattr' };
const data: VmShare = { mechanism: '9p', hostPath: '/srv/a,b c', guestPath: '/srv/a,b c', writable: false, tag: 'berth1', securityModel: 'none' };

describe('9p shares in the QEMU command line', () => {
  it('adds one local fsdev and one virtio-9p device per share; read-only in QEMU too; commas doubled', () => {
    const args = buildQemuArgs({ ...shareTestSpec, shares: [home, data] });
    expect(flagValues(args, '-fsdev')).toEqual([
      'local,id=p9fs0,path=/home/dev,security_model=mapped-xattr',
      'local,id=p9fs1,path=/srv/a,,b c,security_model=none,readonly=on',
    ]);
    expect(flagValues(args, '-device').filter((d) => d.startsWith('virtio-9p-pci'))).toEqual([
      'virtio-9p-pci,fsdev=p9fs0,mount_tag=berth0',
      'virtio-9p-pci,fsdev=p9fs1,mount_tag=berth1',
    ]);
  });

  it('needs no shared memory and no vhost-user device', () => {
    expect(buildQemuArgs({ ...shareTestSpec, shares: [home] }).join(' ')).not.toMatch(/memory-backend|numa|vhost-user-fs/);
  });

  it('tells the guest to mount each tag over 9p, the path in base64', () => {
    const list = flagValues(buildQemuArgs({ ...shareTestSpec, shares: [home, data] }), '-fw_cfg')[0]!;
    expect(list).toBe(`name=opt/berth/shares,string=9p,,berth0,,rw,,${Buffer.from('/home/dev').toString('base64')} 9p,,berth1,,ro,,${Buffer.from('/srv/a,b c').toString('base64')}`);
  });

  it.each([
    [{ ...home, tag: 'x'.repeat(32) }, 'longer than 31 bytes'],
    [{ ...home, tag: 'a,b' }, 'must be 1 to 36 letters'],
    [{ ...home, guestPath: 'rel' }, 'share guestPath must be an absolute path'],
  ])('refuses %j', (share, message) => {
    expect(() => buildQemuArgs({ ...shareTestSpec, shares: [share] })).toThrow(message);
  });
});
