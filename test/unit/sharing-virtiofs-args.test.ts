import { describe, expect, it } from 'vitest';
import { buildQemuArgs, type VmShare } from '../../main/core/vm/qemu-args';
import { flagValues, shareTestSpec } from '../fixtures/qemu-spec';

const home: VmShare = { mechanism: 'virtiofs', hostPath: '/home/dev', guestPath: '/home/dev', writable: true, tag: 'berth0', socket: '/run/fs0.sock' };
const data: VmShare = { mechanism: 'virtiofs', hostPath: '/srv/a,b c', guestPath: '/srv/a,b c', writable: false, tag: 'berth1', socket: '/run/fs,1.sock' };

describe('virtiofs shares in the QEMU command line', () => {
  it('puts the guest RAM in shared memory, the one NUMA node, sized as -m', () => {
    const args = buildQemuArgs({ ...shareTestSpec, shares: [home] });
    expect(flagValues(args, '-object')).toEqual(['memory-backend-memfd,id=mem,size=2048M,share=on']);
    expect(flagValues(args, '-numa')).toEqual(['node,memdev=mem']);
    expect(flagValues(args, '-m')).toEqual(['2048']);
  });

  it('adds one vhost-user-fs device per share, on its own socket, commas doubled', () => {
    const args = buildQemuArgs({ ...shareTestSpec, shares: [home, data] });
    expect(flagValues(args, '-device').filter((d) => d.startsWith('vhost-user-fs-pci'))).toEqual([
      'vhost-user-fs-pci,chardev=fs0,tag=berth0',
      'vhost-user-fs-pci,chardev=fs1,tag=berth1',
    ]);
    expect(flagValues(args, '-chardev').filter((c) => c.startsWith('socket,id=fs'))).toEqual([
      'socket,id=fs0,path=/run/fs0.sock',
      'socket,id=fs1,path=/run/fs,,1.sock',
    ]);
  });

  it('tells the guest where to mount each tag and how, the path in base64, in a fw_cfg file the kernel argument points to', () => {
    const args = buildQemuArgs({ ...shareTestSpec, shares: [home, data] });
    expect(flagValues(args, '-append')[0]!.split(' ')).toContain('berth.shares=fw_cfg');
    // QEMU's option syntax doubles the commas inside the value.
    expect(flagValues(args, '-fw_cfg')).toEqual([
      `name=opt/berth/shares,string=virtiofs,,berth0,,rw,,${Buffer.from('/home/dev').toString('base64')} virtiofs,,berth1,,ro,,${Buffer.from('/srv/a,b c').toString('base64')}`,
    ]);
  });

  it('keeps the kernel command line short however many and long the shares (the kernel takes 2,048 bytes)', () => {
    const many = Array.from({ length: 24 }, (_, i): VmShare => {
      const folder = `/home/dev/${'deeply-nested-project-folder/'.repeat(8)}${i}`;
      return { ...home, hostPath: folder, guestPath: folder, tag: `berth${i}`, socket: `/run/fs${i}.sock` };
    });
    const args = buildQemuArgs({ ...shareTestSpec, shares: many });
    expect(flagValues(args, '-append')[0]!.length).toBeLessThan(200);
    expect(flagValues(args, '-fw_cfg')[0]!.length).toBeGreaterThan(2_048);
  });

  it('adds neither the kernel argument nor the fw_cfg file when nothing is shared', () => {
    const args = buildQemuArgs({ ...shareTestSpec, shares: [] });
    expect(args).not.toContain('-fw_cfg');
    expect(flagValues(args, '-append')[0]).not.toContain('berth.shares');
  });

  it.each([
    [{ ...home, tag: 'a b' }, 'share tag "a b" must be 1 to 36'],
    [{ ...home, tag: 'x'.repeat(37) }, 'must be 1 to 36'],
    [{ ...home, socket: 'fs.sock' }, 'share socket must be an absolute path'],
    [{ ...home, guestPath: '/' }, 'share guestPath must be an absolute path other than /'],
  ])('refuses %j', (share, message) => {
    expect(() => buildQemuArgs({ ...shareTestSpec, shares: [share] })).toThrow(message);
  });

  it('refuses a tag used twice', () => {
    expect(() => buildQemuArgs({ ...shareTestSpec, shares: [home, { ...data, tag: 'berth0' }] })).toThrow('used twice');
  });
});
