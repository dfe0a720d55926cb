/**
 * Which mechanism carries the shares into the VM. virtiofs is the faster
 * one, but it needs a virtiofsd that can run here: QEMU's C virtiofsd (Debian
 * 12's /usr/lib/qemu/virtiofsd) only runs as root; the Rust virtiofsd
 * ("virtiofsd 1.x") runs as a normal user with --sandbox=none. 9p is QEMU's
 * built-in virtfs: no daemon, available wherever QEMU is (not on Windows).
 * `auto` takes virtiofs when it can run, else 9p.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import type { MechanismInfo, ShareMechanism, ShareMechanismChoice } from '../../../preload/contract';
import { locateVirtiofsd } from './virtiofsd';

export interface VirtiofsdBinary {
  path: string;
  /** `rust`: the virtiofsd project (1.x); `c`: the one QEMU shipped until 8.0. */
  flavour: 'rust' | 'c';
  version: string;
}

export interface MechanismFacts {
  virtiofsd: VirtiofsdBinary | null;
  /** Berth runs as root (the C virtiofsd needs it). */
  root: boolean;
  /** The host OS; QEMU has no virtfs on Windows. */
  platform: NodeJS.Platform;
  /** Whether the guest image's kernel can mount 9p (Berth's own cannot: GUEST_HAS_9P). */
  guestNinep: boolean;
}

export interface MechanismChoice {
  /** null: nothing can carry the shares (see `problem`). */
  mechanism: ShareMechanism | null;
  problem?: string;
}

/**
 * Berth's guest image keeps Debian's cloud kernel, which has no 9p (see
 * assets/vm/README.md, Limits: the generic kernel that has it boots slower,
 * and 9p failed the symlink and inotify checks). The host side (ninep-args.ts)
 * and the guest's init are ready for an image whose kernel has it.
 */
const GUEST_HAS_9P = false;
const GUEST_9P_MISSING = "Berth's guest image has no 9p (its kernel, Debian's cloud flavour, lacks it): shares use virtiofs";

const INSTALL_VIRTIOFSD = 'install the "virtiofsd" package (the Rust virtiofsd runs without root) or set BERTH_VIRTIOFSD';

/** "virtiofsd 1.10.1" (Rust) or "virtiofsd version 7.2.22 (Debian ...)" (C). */
export function parseVirtiofsdVersion(output: string): Pick<VirtiofsdBinary, 'flavour' | 'version'> | null {
  const rust = /^virtiofsd v?(\d+\.\d+[^\s]*)/m.exec(output);
  if (rust) return { flavour: 'rust', version: rust[1]! };
  const c = /^virtiofsd version (\S+)/m.exec(output);
  return c ? { flavour: 'c', version: c[1]! } : null;
}

/** Answers of `virtiofsd --version` by binary and modification time: `berth shares` asks often. */
const probed = new Map<string, VirtiofsdBinary | null>();

/** Finds virtiofsd and asks it what it is; null when there is none (or it does not answer). */
export function probeVirtiofsd(env: NodeJS.ProcessEnv = process.env): VirtiofsdBinary | null {
  const binary = locateVirtiofsd(env);
  if (!binary) return null;
  const key = `${binary}\0${statSync(binary, { throwIfNoEntry: false })?.mtimeMs ?? 0}`;
  if (!probed.has(key)) probed.set(key, askVersion(binary));
  return probed.get(key)!;
}

function askVersion(binary: string): VirtiofsdBinary | null {
  let output: string;
  try {
    output = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // The C virtiofsd prints its version and exits 0; some builds exit non-zero after printing it.
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const parsed = parseVirtiofsdVersion(output);
  return parsed ? { path: binary, ...parsed } : null;
}

export function hostMechanismFacts(env: NodeJS.ProcessEnv = process.env): MechanismFacts {
  return { virtiofsd: probeVirtiofsd(env), root: process.getuid?.() === 0, platform: process.platform, guestNinep: GUEST_HAS_9P };
}

/** Whether each mechanism can work on this host, and where it comes from or what is missing. */
export function mechanismsOnHost(facts: MechanismFacts): MechanismInfo[] {
  const v = facts.virtiofsd;
  let virtiofs: MechanismInfo;
  if (!v) virtiofs = { name: 'virtiofs', available: false, detail: `virtiofsd not found: ${INSTALL_VIRTIOFSD}` };
  else if (v.flavour === 'c' && !facts.root) {
    virtiofs = { name: 'virtiofs', available: false, detail: `${v.path} (QEMU's virtiofsd ${v.version}) runs only as root: ${INSTALL_VIRTIOFSD}` };
  } else virtiofs = { name: 'virtiofs', available: true, detail: `${v.path} (virtiofsd ${v.version})` };
  const ninep: MechanismInfo =
    facts.platform === 'win32'
      ? { name: '9p', available: false, detail: "QEMU for Windows has no virtfs (9p)" }
      : !facts.guestNinep
        ? { name: '9p', available: false, detail: GUEST_9P_MISSING }
        : { name: '9p', available: true, detail: "QEMU's built-in virtfs (virtio-9p)" };
  return [virtiofs, ninep];
}

export function chooseMechanism(choice: ShareMechanismChoice, facts: MechanismFacts): MechanismChoice {
  const available = mechanismsOnHost(facts);
  const info = (name: ShareMechanism) => available.find((m) => m.name === name)!;
  if (choice !== 'auto') {
    const wanted = info(choice);
    return wanted.available
      ? { mechanism: choice }
      : { mechanism: null, problem: `shareMechanism is ${choice}, which cannot work here (${wanted.detail}); set shareMechanism to auto` };
  }
  const usable = available.find((m) => m.available);
  if (usable) return { mechanism: usable.name };
  return { mechanism: null, problem: available.map((m) => `${m.name}: ${m.detail}`).join('; ') };
}
