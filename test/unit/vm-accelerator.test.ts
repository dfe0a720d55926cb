import { describe, expect, it } from 'vitest';
import { chooseAccelerator, readHostFacts, virtualizationFlag, type HostFacts, type HostProbe } from '../../main/core/vm/accelerator';

const linuxWithVmx: HostFacts = {
  platform: 'linux',
  arch: 'x64',
  kvmDevice: 'read-write',
  cpuVirtualizationFlag: 'vmx',
  hvSupport: false,
  whpxAvailable: false,
};
/** This kind of cloud machine: /dev/kvm is there and writable, but the CPU has no vmx/svm. */
const paravirtualKvm: HostFacts = { ...linuxWithVmx, cpuVirtualizationFlag: null };
const mac: HostFacts = { ...linuxWithVmx, platform: 'darwin', arch: 'arm64', kvmDevice: 'missing', cpuVirtualizationFlag: null, hvSupport: true };
const windows: HostFacts = { ...linuxWithVmx, platform: 'win32', kvmDevice: 'missing', whpxAvailable: true };

const SLOW = /^The VM runs under software emulation \(TCG\) because .+; it works but is slow\.$/;

describe('chooseAccelerator (auto)', () => {
  it.each([
    ['Linux x64 with vmx', linuxWithVmx, 'kvm'],
    ['Linux x64 with svm', { ...linuxWithVmx, cpuVirtualizationFlag: 'svm' }, 'kvm'],
    ['Linux arm64 with /dev/kvm (no x86 flags there)', { ...linuxWithVmx, arch: 'arm64', cpuVirtualizationFlag: null }, 'kvm'],
    ['macOS with hv_support', mac, 'hvf'],
    ['Intel macOS with hv_support', { ...mac, arch: 'x64' }, 'hvf'],
    ['Windows with WHPX', windows, 'whpx'],
  ] as const)('%s → %s, no warning', (_name, facts, accelerator) => {
    expect(chooseAccelerator(facts as HostFacts)).toMatchObject({ accelerator, warning: null });
  });

  it.each([
    ['/dev/kvm usable but no vmx/svm (paravirtual KVM)', paravirtualKvm, 'neither vmx nor svm'],
    ['no /dev/kvm', { ...linuxWithVmx, kvmDevice: 'missing' }, '/dev/kvm does not exist'],
    ['/dev/kvm not writable by this user', { ...linuxWithVmx, kvmDevice: 'no-access' }, 'kvm group'],
    ['macOS without hv_support', { ...mac, hvSupport: false }, 'kern.hv_support'],
    ['Windows without the Hypervisor Platform', { ...windows, whpxAvailable: false }, 'Windows Hypervisor Platform'],
    ['Windows on Arm', { ...windows, arch: 'arm64' }, 'WHPX runs only x86_64'],
    ['an unsupported OS', { ...linuxWithVmx, platform: 'freebsd' }, 'freebsd'],
    ['an unsupported CPU', { ...linuxWithVmx, arch: 'riscv64' }, 'riscv64'],
  ] as const)('%s → tcg with the slow warning', (_name, facts, why) => {
    const decision = chooseAccelerator(facts as HostFacts);
    expect(decision.accelerator).toBe('tcg');
    expect(decision.warning).toMatch(SLOW);
    expect(decision.warning).toContain(why);
    expect(decision.reason).toContain(why);
  });

  it('treats an explicit auto like no choice', () => {
    expect(chooseAccelerator(paravirtualKvm, 'auto')).toEqual(chooseAccelerator(paravirtualKvm));
  });
});

describe('chooseAccelerator (forced)', () => {
  it('always allows tcg, still warning that it is slow', () => {
    for (const facts of [linuxWithVmx, mac, windows]) {
      const decision = chooseAccelerator(facts, 'tcg');
      expect(decision.accelerator).toBe('tcg');
      expect(decision.warning).toMatch(SLOW);
    }
  });

  it('honours a forced accelerator that is available', () => {
    expect(chooseAccelerator(linuxWithVmx, 'kvm')).toMatchObject({ accelerator: 'kvm', warning: null });
    expect(chooseAccelerator(mac, 'hvf')).toMatchObject({ accelerator: 'hvf', warning: null });
  });

  it.each([
    [paravirtualKvm, 'kvm', 'neither vmx nor svm'],
    [{ ...linuxWithVmx, kvmDevice: 'no-access' }, 'kvm', 'not readable and writable'],
    [mac, 'kvm', 'KVM does not exist on macOS (arm64)'],
    [linuxWithVmx, 'hvf', 'HVF does not exist on Linux (x64)'],
    [{ ...windows, whpxAvailable: false }, 'whpx', 'not enabled'],
  ] as const)('refuses a forced accelerator that is not available, saying why (%#)', (facts, forced, why) => {
    const choose = () => chooseAccelerator(facts as HostFacts, forced);
    expect(choose).toThrow(expect.objectContaining({ code: 'not-supported' }));
    expect(choose).toThrow(why);
  });
});

describe('virtualizationFlag', () => {
  it.each([
    ['flags\t\t: fpu vme de pse vmx sse2\n', 'vmx'],
    ['flags\t\t: fpu svm sse\n', 'svm'],
    ['flags\t\t: fpu hypervisor sse2 avx\n', null],
    ['flags\t\t: fpu vmxnet\n', null],
    ['Features\t: fp asimd evtstrm\n', null],
    ['', null],
  ])('%j → %s', (cpuinfo, flag) => {
    expect(virtualizationFlag(cpuinfo)).toBe(flag);
  });
});

describe('readHostFacts', () => {
  function probe(overrides: Partial<HostProbe>): HostProbe {
    return {
      platform: 'linux',
      arch: 'x64',
      env: {},
      readWriteAccess: async () => null,
      readText: async () => null,
      exists: async () => false,
      run: async () => null,
      ...overrides,
    };
  }

  it('on Linux, reports /dev/kvm access and the CPU flag', async () => {
    const cpuinfo = 'processor\t: 0\nflags\t\t: fpu hypervisor\n\nprocessor\t: 1\nflags\t\t: fpu hypervisor\n';
    const facts = await readHostFacts(probe({ readWriteAccess: async (f) => (f === '/dev/kvm' ? true : null), readText: async () => cpuinfo }));
    expect(facts).toMatchObject({ kvmDevice: 'read-write', cpuVirtualizationFlag: null });
    expect(chooseAccelerator(facts).accelerator).toBe('tcg');
    expect((await readHostFacts(probe({ readWriteAccess: async () => false }))).kvmDevice).toBe('no-access');
    expect((await readHostFacts(probe({}))).kvmDevice).toBe('missing');
  });

  it('on macOS, asks sysctl for kern.hv_support', async () => {
    const calls: string[] = [];
    const run = async (command: string, args: string[]) => {
      calls.push([command, ...args].join(' '));
      return '1\n';
    };
    expect((await readHostFacts(probe({ platform: 'darwin', arch: 'arm64', run }))).hvSupport).toBe(true);
    expect(calls).toEqual(['sysctl -n kern.hv_support']);
    expect((await readHostFacts(probe({ platform: 'darwin', run: async () => '0\n' }))).hvSupport).toBe(false);
    expect((await readHostFacts(probe({ platform: 'darwin', run: async () => null }))).hvSupport).toBe(false);
  });

  it('on Windows, looks for WinHvPlatform.dll under %SystemRoot%', async () => {
    const exists = async (file: string) => file === 'D:\\Win\\System32\\WinHvPlatform.dll';
    expect((await readHostFacts(probe({ platform: 'win32', env: { SystemRoot: 'D:\\Win' }, exists }))).whpxAvailable).toBe(true);
    expect((await readHostFacts(probe({ platform: 'win32', env: {}, exists }))).whpxAvailable).toBe(false);
  });
});
