/**
 * Which accelerator QEMU should use on this host. The choice is a pure
 * function of facts read once (readHostFacts), so every rule has a table test.
 *
 * KVM needs more than a usable /dev/kvm: some cloud machines expose a
 * paravirtual-only KVM whose CPU reports neither vmx nor svm, and a stock
 * kernel hangs under it. On x86 hosts Berth uses KVM only when the CPU flags
 * show vmx or svm; elsewhere it falls back to TCG and says why.
 */
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BerthError } from '../../../preload/contract';
import type { Accelerator } from './qemu-args';
import { runForOutput, type RunCommand } from './run-command';

export type AcceleratorChoice = 'auto' | Accelerator;

export interface HostFacts {
  platform: NodeJS.Platform;
  /** As process.arch: 'x64', 'arm64', … */
  arch: string;
  kvmDevice: 'missing' | 'no-access' | 'read-write';
  /** The x86 virtualization flag in /proc/cpuinfo; null when absent or not x86. */
  cpuVirtualizationFlag: 'vmx' | 'svm' | null;
  /** macOS `sysctl kern.hv_support` is 1. */
  hvSupport: boolean;
  /** Windows Hypervisor Platform looks enabled (best effort, see readHostFacts). */
  whpxAvailable: boolean;
}

export interface AcceleratorDecision {
  accelerator: Accelerator;
  /** Shown to the user when the VM will be slow; null when hardware-accelerated. */
  warning: string | null;
  /** Why this accelerator, for logs and diagnostics. */
  reason: string;
}

type Verdict = { usable: true; reason: string } | { usable: false; reason: string };

export function chooseAccelerator(facts: HostFacts, forced: AcceleratorChoice = 'auto'): AcceleratorDecision {
  if (forced === 'tcg') return tcg('the settings ask for it');
  const native = nativeAccelerator(facts);
  if (forced !== 'auto') {
    const verdict = native.accelerator === forced ? native.verdict : { usable: false, reason: `${forced.toUpperCase()} does not exist on ${describeHost(facts)}` };
    if (!verdict.usable) {
      throw new BerthError('not-supported', `The settings ask for the ${forced.toUpperCase()} accelerator, but ${verdict.reason}. Choose auto or tcg instead.`);
    }
    return { accelerator: forced, warning: null, reason: verdict.reason };
  }
  if (native.accelerator && native.verdict.usable) return { accelerator: native.accelerator, warning: null, reason: native.verdict.reason };
  return tcg(native.verdict.reason);
}

function tcg(because: string): AcceleratorDecision {
  return {
    accelerator: 'tcg',
    warning: `The VM runs under software emulation (TCG) because ${because}; it works but is slow.`,
    reason: `TCG: ${because}`,
  };
}

/** The one hardware accelerator this host could have, and whether it is usable. */
function nativeAccelerator(facts: HostFacts): { accelerator: Accelerator | null; verdict: Verdict } {
  if (facts.arch !== 'x64' && facts.arch !== 'arm64') {
    return { accelerator: null, verdict: { usable: false, reason: `Berth has no hardware-accelerated VM for ${facts.arch} CPUs` } };
  }
  switch (facts.platform) {
    case 'linux':
      return { accelerator: 'kvm', verdict: kvmVerdict(facts) };
    case 'darwin':
      return {
        accelerator: 'hvf',
        verdict: facts.hvSupport
          ? { usable: true, reason: 'HVF: macOS reports kern.hv_support=1' }
          : { usable: false, reason: 'macOS reports that Hypervisor.framework is not available (kern.hv_support is not 1)' },
      };
    case 'win32':
      if (facts.arch !== 'x64') return { accelerator: null, verdict: { usable: false, reason: 'WHPX runs only x86_64 VMs' } };
      return {
        accelerator: 'whpx',
        verdict: facts.whpxAvailable
          ? { usable: true, reason: 'WHPX: the Windows Hypervisor Platform is enabled' }
          : { usable: false, reason: 'the Windows Hypervisor Platform feature is not enabled (turn it on in "Windows features")' },
      };
    default:
      return { accelerator: null, verdict: { usable: false, reason: `Berth has no hardware accelerator for ${facts.platform}` } };
  }
}

function kvmVerdict(facts: HostFacts): Verdict {
  if (facts.kvmDevice === 'missing') {
    return { usable: false, reason: '/dev/kvm does not exist (KVM is not enabled in this kernel, or virtualization is off in the firmware)' };
  }
  if (facts.kvmDevice === 'no-access') {
    return { usable: false, reason: '/dev/kvm is not readable and writable by this user (add yourself to the kvm group and log in again)' };
  }
  if (facts.arch === 'x64' && facts.cpuVirtualizationFlag === null) {
    return { usable: false, reason: '/dev/kvm exists but the CPU reports neither vmx nor svm, and such a KVM cannot run a stock kernel' };
  }
  const flag = facts.cpuVirtualizationFlag ? ` and the CPU reports ${facts.cpuVirtualizationFlag}` : '';
  return { usable: true, reason: `KVM: /dev/kvm is readable and writable${flag}` };
}

function describeHost(facts: HostFacts): string {
  const names: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };
  return `${names[facts.platform] ?? facts.platform} (${facts.arch})`;
}

/** The side effects readHostFacts needs; tests pass fakes. */
export interface HostProbe {
  platform: NodeJS.Platform;
  arch: string;
  /** Resolves true when this process may read and write `file`; false when it exists but may not; null when it does not exist. */
  readWriteAccess(file: string): Promise<boolean | null>;
  /** The file's text, or null when it cannot be read. */
  readText(file: string): Promise<string | null>;
  run: RunCommand;
  exists(file: string): Promise<boolean>;
  env: NodeJS.ProcessEnv;
}

/**
 * Reads the facts chooseAccelerator needs. WHPX is best effort: Windows
 * installs WinHvPlatform.dll when the "Windows Hypervisor Platform" feature is
 * on, and asking Windows directly (Get-WindowsOptionalFeature) needs admin
 * rights. If the DLL is there but the hypervisor is off, QEMU itself refuses
 * to start with WHPX and says so.
 */
export async function readHostFacts(probe: HostProbe = nodeHostProbe()): Promise<HostFacts> {
  const facts: HostFacts = {
    platform: probe.platform,
    arch: probe.arch,
    kvmDevice: 'missing',
    cpuVirtualizationFlag: null,
    hvSupport: false,
    whpxAvailable: false,
  };
  if (probe.platform === 'linux') {
    const access = await probe.readWriteAccess('/dev/kvm');
    facts.kvmDevice = access === null ? 'missing' : access ? 'read-write' : 'no-access';
    facts.cpuVirtualizationFlag = virtualizationFlag((await probe.readText('/proc/cpuinfo')) ?? '');
  } else if (probe.platform === 'darwin') {
    facts.hvSupport = (await probe.run('sysctl', ['-n', 'kern.hv_support']))?.trim() === '1';
  } else if (probe.platform === 'win32') {
    const systemRoot = probe.env.SystemRoot ?? probe.env.windir ?? 'C:\\Windows';
    facts.whpxAvailable = await probe.exists(path.win32.join(systemRoot, 'System32', 'WinHvPlatform.dll'));
  }
  return facts;
}

/** vmx (Intel) or svm (AMD) from the `flags` lines of /proc/cpuinfo. */
export function virtualizationFlag(cpuinfo: string): 'vmx' | 'svm' | null {
  for (const line of cpuinfo.split('\n')) {
    const match = /^flags\s*:(.*)$/.exec(line);
    if (!match) continue;
    const flags = match[1]!.trim().split(/\s+/);
    if (flags.includes('vmx')) return 'vmx';
    if (flags.includes('svm')) return 'svm';
  }
  return null;
}

export function nodeHostProbe(): HostProbe {
  return {
    platform: process.platform,
    arch: os.arch(),
    env: process.env,
    async readWriteAccess(file) {
      try {
        await fs.access(file, constants.R_OK | constants.W_OK);
        return true;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : false;
      }
    },
    readText: (file) => fs.readFile(file, 'utf8').catch(() => null),
    exists: (file) => fs.access(file).then(() => true, () => false),
    run: runForOutput,
  };
}
