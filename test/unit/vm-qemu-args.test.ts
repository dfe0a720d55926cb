import { describe, expect, it } from 'vitest';
import { buildQemuArgs, kernelCommandLine, options, qemuBinary, type VmSpec } from '../../main/core/vm/qemu-args';

const spec: VmSpec = {
  arch: 'x86_64',
  accelerator: 'kvm',
  cpus: 2,
  memoryMiB: 2048,
  kernel: '/img/vmlinuz',
  initrd: '/img/initrd.img',
  append: ['berth.sshkey=c3NoLWVk'],
  rootDisk: '/img/rootfs.img',
  dataDisk: '/state/default/data.img',
  network: { sshHostPort: 40222 },
  qmpSocket: '/run/vm-default/qmp.sock',
  serialLog: '/state/default/serial.log',
  shares: [],
};

/** Every value given to `flag`, in order. */
function values(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]!] : []));
}

describe('buildQemuArgs', () => {
  it.each([
    { arch: 'x86_64', accelerator: 'kvm', machine: 'q35', cpu: 'host', console: 'console=ttyS0' },
    { arch: 'x86_64', accelerator: 'whpx', machine: 'q35', cpu: 'host', console: 'console=ttyS0' },
    { arch: 'x86_64', accelerator: 'hvf', machine: 'q35', cpu: 'host', console: 'console=ttyS0' },
    { arch: 'x86_64', accelerator: 'tcg', machine: 'q35', cpu: 'max', console: 'console=ttyS0' },
    { arch: 'aarch64', accelerator: 'hvf', machine: 'virt', cpu: 'host', console: 'console=ttyAMA0' },
    { arch: 'aarch64', accelerator: 'kvm', machine: 'virt,gic-version=max', cpu: 'host', console: 'console=ttyAMA0' },
    { arch: 'aarch64', accelerator: 'tcg', machine: 'virt', cpu: 'max', console: 'console=ttyAMA0' },
  ] as const)('$arch under $accelerator: -machine $machine -cpu $cpu, $console', ({ arch, accelerator, machine, cpu, console }) => {
    const args = buildQemuArgs({ ...spec, arch, accelerator });
    expect(values(args, '-machine')).toEqual([machine]);
    expect(values(args, '-accel')).toEqual([accelerator]);
    expect(values(args, '-cpu')).toEqual([cpu]);
    expect(values(args, '-append')[0]!.split(' ')[0]).toBe(console);
  });

  it('starts with nothing QEMU would add by default and no window', () => {
    const args = buildQemuArgs(spec);
    expect(args).toEqual(expect.arrayContaining(['-nodefaults', '-no-user-config', '-no-reboot']));
    expect(values(args, '-display')).toEqual(['none']);
    expect(values(args, '-smp')).toEqual(['2']);
    expect(values(args, '-m')).toEqual(['2048']);
    expect(args).not.toContain('-pidfile');
  });

  it('boots the kernel and initrd directly with the console first, then the given pieces', () => {
    const args = buildQemuArgs(spec);
    expect(values(args, '-kernel')).toEqual(['/img/vmlinuz']);
    expect(values(args, '-initrd')).toEqual(['/img/initrd.img']);
    expect(values(args, '-append')).toEqual(['console=ttyS0 berth.sshkey=c3NoLWVk']);
  });

  it('attaches the root disk first and read-only, the data disk second and writable', () => {
    const args = buildQemuArgs(spec);
    expect(values(args, '-drive')).toEqual([
      'if=none,id=root,file=/img/rootfs.img,format=raw,readonly=on',
      'if=none,id=data,file=/state/default/data.img,format=raw,discard=unmap',
    ]);
    expect(values(args, '-device').filter((d) => d.startsWith('virtio-blk-pci'))).toEqual([
      'virtio-blk-pci,drive=root,serial=berth-root',
      'virtio-blk-pci,drive=data,serial=berth-data',
    ]);
  });

  it.each([22, 40222, 65535])('forwards 127.0.0.1:%i (and only loopback) to the guest SSH port', (port) => {
    const args = buildQemuArgs({ ...spec, network: { sshHostPort: port } });
    expect(values(args, '-netdev')).toEqual([`user,id=net0,hostfwd=tcp:127.0.0.1:${port}-:22`]);
    expect(values(args, '-device')).toContain('virtio-net-pci,netdev=net0');
  });

  it("adds a second loopback forward to the port forwarder's agent (guest port 7722) when asked", () => {
    const args = buildQemuArgs({ ...spec, network: { sshHostPort: 40222, agentHostPort: 40223 } });
    expect(values(args, '-netdev')).toEqual(['user,id=net0,hostfwd=tcp:127.0.0.1:40222-:22,hostfwd=tcp:127.0.0.1:40223-:7722']);
  });

  it('writes the serial console to the log file and serves QMP on the socket without waiting for a client', () => {
    const args = buildQemuArgs(spec);
    expect(values(args, '-chardev')).toEqual([
      'file,id=serial0,path=/state/default/serial.log',
      'socket,id=qmp,path=/run/vm-default/qmp.sock,server=on,wait=off',
    ]);
    expect(values(args, '-serial')).toEqual(['chardev:serial0']);
    expect(values(args, '-mon')).toEqual(['chardev=qmp,mode=control']);
  });

  it('doubles commas in option values, but passes -kernel, -initrd and -append verbatim as QEMU reads them', () => {
    const args = buildQemuArgs({
      ...spec,
      kernel: '/a,b/vmlinuz',
      dataDisk: '/a,b/data.img',
      qmpSocket: '/r,s/qmp.sock',
      serialLog: '/a,b/serial.log',
      append: ['berth.list=x,y'],
    });
    expect(values(args, '-kernel')).toEqual(['/a,b/vmlinuz']);
    expect(values(args, '-drive')[1]).toBe('if=none,id=data,file=/a,,b/data.img,format=raw,discard=unmap');
    expect(values(args, '-chardev')).toEqual([
      'file,id=serial0,path=/a,,b/serial.log',
      'socket,id=qmp,path=/r,,s/qmp.sock,server=on,wait=off',
    ]);
    expect(values(args, '-append')).toEqual(['console=ttyS0 berth.list=x,y']);
  });

  it.each([
    [{ cpus: 0 }, 'cpus must be a whole number of at least 1 (got 0)'],
    [{ cpus: 1.5 }, 'cpus must be a whole number of at least 1 (got 1.5)'],
    [{ memoryMiB: 256 }, 'memoryMiB must be a whole number of at least 512 (got 256)'],
    [{ kernel: 'vmlinuz' }, 'kernel must be an absolute path (got "vmlinuz")'],
    [{ dataDisk: './data.img' }, 'dataDisk must be an absolute path (got "./data.img")'],
    [{ qmpSocket: 'qmp.sock' }, 'qmpSocket must be an absolute path'],
    [{ network: { sshHostPort: 0 } }, 'sshHostPort must be a port from 1 to 65535 (got 0)'],
    [{ network: { sshHostPort: 70000 } }, 'sshHostPort must be a port from 1 to 65535 (got 70000)'],
    [{ network: { sshHostPort: 22, agentHostPort: 1.5 } }, 'agentHostPort must be a port from 1 to 65535 (got 1.5)'],
    [{ arch: 'aarch64', accelerator: 'whpx' }, 'whpx runs only x86_64 guests'],
  ] as const)('refuses %j: %s', (patch, message) => {
    const build = () => buildQemuArgs({ ...spec, ...patch } as VmSpec);
    expect(build).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(build).toThrow(message);
  });

  it('names every problem at once', () => {
    expect(() => buildQemuArgs({ ...spec, cpus: 0, memoryMiB: 1 })).toThrow(/cpus .*; memoryMiB /);
  });

  it('adds no shared memory and no share device without shares (see sharing-virtiofs-args.test.ts)', () => {
    const args = buildQemuArgs({ ...spec, shares: undefined });
    expect(args.join(' ')).not.toMatch(/memory-backend|vhost-user-fs|berth\.share=/);
  });
});

describe('kernelCommandLine', () => {
  it.each([
    [['quiet', 'a=b'], 'quiet a=b'],
    [['berth.note=hello world'], 'berth.note="hello world"'],
    [['two words'], '"two words"'],
    [['tab=a\tb'], 'tab="a\tb"'],
    [['x=a,b'], 'x=a,b'],
  ])('%j → %s', (pieces, line) => {
    expect(kernelCommandLine(pieces)).toBe(line);
  });

  it.each([[['say="hi"']], [['']]])('refuses %j, which the kernel cannot parse back', (pieces) => {
    expect(() => kernelCommandLine(pieces)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});

describe('options and qemuBinary', () => {
  it('writes driver,key=value with commas doubled and no empty driver', () => {
    expect(options('file', { id: 's', path: '/a,b,c' })).toBe('file,id=s,path=/a,,b,,c');
    expect(options('', { chardev: 'qmp' })).toBe('chardev=qmp');
  });

  it('names the system emulator for the guest architecture', () => {
    expect(qemuBinary('x86_64')).toBe('qemu-system-x86_64');
    expect(qemuBinary('aarch64')).toBe('qemu-system-aarch64');
  });
});
