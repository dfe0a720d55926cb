/**
 * Shares in the VM's command line, for either mechanism: the QEMU devices
 * (virtiofs-args.ts, ninep-args.ts) and the list the guest's init mounts,
 * one entry `MECHANISM,TAG,rw|ro,BASE64(path)` per share (base64 because a
 * path may hold spaces or commas), space-separated. The list travels in a QEMU fw_cfg file,
 * not on the kernel command line, whose 2,048 bytes a dozen long paths would
 * overflow; the kernel argument `berth.shares=fw_cfg` only says it is there.
 */
import path from 'node:path';
import { ninepProblems, ninepQemuArgs } from './ninep-args';
import { VIRTIOFS_MAX_TAG_BYTES, virtiofsProblems, virtiofsQemuArgs } from './virtiofs-args';

interface VmShareBase {
  hostPath: string;
  /** Where the guest mounts it; Berth mounts at the same path as on the host. */
  guestPath: string;
  writable: boolean;
  /** The tag the guest's init mounts. */
  tag: string;
}

export interface VirtiofsVmShare extends VmShareBase {
  mechanism: 'virtiofs';
  /** The vhost-user socket of the virtiofsd serving hostPath. */
  socket: string;
}

export interface NinePVmShare extends VmShareBase {
  mechanism: '9p';
  /** mapped-xattr: guest owners and modes kept in user.virtfs.* xattrs; none: where the host cannot keep them. */
  securityModel: 'mapped-xattr' | 'none';
}

/** A host folder shared into the guest (main/core/sharing). */
export type VmShare = VirtiofsVmShare | NinePVmShare;

/** QEMU's `driver,key=value` writer (qemu-args.ts `options`). */
export type OptionsWriter = (driver: string, values: Record<string, string>) => string;

const virtiofs = (shares: readonly VmShare[]) => shares.filter((s): s is VirtiofsVmShare => s.mechanism === 'virtiofs');
const ninep = (shares: readonly VmShare[]) => shares.filter((s): s is NinePVmShare => s.mechanism === '9p');

export function shareProblems(shares: readonly VmShare[]): string[] {
  const problems: string[] = [];
  const tags = new Set<string>();
  for (const share of shares) {
    if (!/^[A-Za-z0-9_-]+$/.test(share.tag) || Buffer.byteLength(share.tag) > VIRTIOFS_MAX_TAG_BYTES) {
      problems.push(`share tag ${JSON.stringify(share.tag)} must be 1 to ${VIRTIOFS_MAX_TAG_BYTES} letters, digits, _ or -`);
    }
    if (tags.has(share.tag)) problems.push(`share tag ${JSON.stringify(share.tag)} is used twice`);
    tags.add(share.tag);
    if (!path.posix.isAbsolute(share.guestPath) || share.guestPath === '/') {
      problems.push(`share guestPath must be an absolute path other than / (got ${JSON.stringify(share.guestPath)})`);
    }
  }
  return [...problems, ...virtiofsProblems(virtiofs(shares)), ...ninepProblems(ninep(shares))];
}

export function shareQemuArgs(shares: readonly VmShare[], memoryMiB: number, options: OptionsWriter): string[] {
  return [...virtiofsQemuArgs(virtiofs(shares), memoryMiB, options), ...ninepQemuArgs(ninep(shares), options)];
}

/** Where the guest's init reads the list: /sys/firmware/qemu_fw_cfg/by_name/<this>/raw. */
export const SHARES_FW_CFG_NAME = 'opt/berth/shares';

export function shareKernelArgs(shares: readonly VmShare[]): string[] {
  return shares.length > 0 ? ['berth.shares=fw_cfg'] : [];
}

export function shareListText(shares: readonly VmShare[]): string {
  return shares.map((share) => `${share.mechanism},${share.tag},${share.writable ? 'rw' : 'ro'},${Buffer.from(share.guestPath).toString('base64')}`).join(' ');
}

export function shareFwCfgArgs(shares: readonly VmShare[], options: OptionsWriter): string[] {
  return shares.length > 0 ? ['-fw_cfg', options('', { name: SHARES_FW_CFG_NAME, string: shareListText(shares) })] : [];
}
