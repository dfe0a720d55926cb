/**
 * Whether a host folder's filesystem keeps user.* extended attributes, which
 * 9p's security_model=mapped-xattr needs: QEMU creates every file as the user
 * running it (so the host user owns what containers write) and records the
 * guest's uid, gid and mode in user.virtfs.* attributes (so chown in a
 * container works and is remembered). Without them Berth falls back to
 * security_model=none: files are still the host user's, chown does not fail,
 * but the guest's owner and mode are not kept.
 *
 * Node has no xattr call, so this reads the filesystem type from
 * /proc/self/mountinfo and knows which types keep user attributes.
 */
import { readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';

/** Filesystems that keep user.* attributes by default. */
const USER_XATTR_FILESYSTEMS = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'f2fs', 'zfs', 'bcachefs', 'jfs', 'reiserfs', 'overlay', 'apfs', 'hfs']);
/** tmpfs keeps user.* attributes since Linux 6.6. */
const TMPFS_USER_XATTR_SINCE: readonly [number, number] = [6, 6];

export interface MountEntry {
  mountPoint: string;
  fsType: string;
}

/** The mount points and types in a /proc/self/mountinfo text (octal escapes undone). */
export function parseMountInfo(text: string): MountEntry[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  return text
    .split('\n')
    .map((line) => {
      const fields = line.split(' ');
      const dash = fields.indexOf('-');
      return dash > 4 && fields[4] && fields[dash + 1] ? { mountPoint: unescape(fields[4]), fsType: fields[dash + 1]! } : null;
    })
    .filter((entry): entry is MountEntry => entry !== null);
}

/** The type of the filesystem holding `realPath`: the last (topmost) mount at the longest matching mount point. */
export function filesystemOf(mounts: readonly MountEntry[], realPath: string): string | null {
  let best: MountEntry | null = null;
  for (const entry of mounts) {
    const inside = entry.mountPoint === '/' || realPath === entry.mountPoint || realPath.startsWith(`${entry.mountPoint}/`);
    if (inside && (!best || entry.mountPoint.length >= best.mountPoint.length)) best = entry;
  }
  return best?.fsType ?? null;
}

export function keepsUserXattrs(fsType: string, kernelRelease: string): boolean {
  if (USER_XATTR_FILESYSTEMS.has(fsType)) return true;
  if (fsType !== 'tmpfs') return false;
  const [major = 0, minor = 0] = kernelRelease.split(/[.-]/).map(Number);
  const [wantMajor, wantMinor] = TMPFS_USER_XATTR_SINCE;
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

export interface XattrVerdict {
  supported: boolean;
  fsType: string | null;
}

/** For a host folder on this machine; on macOS (APFS) user attributes are always kept. */
export function hostKeepsUserXattrs(hostPath: string): XattrVerdict {
  if (process.platform === 'darwin') return { supported: true, fsType: 'apfs' };
  let mounts: MountEntry[];
  let real: string;
  try {
    mounts = parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8'));
    real = realpathSync(hostPath);
  } catch {
    return { supported: false, fsType: null };
  }
  const fsType = filesystemOf(mounts, real);
  return { supported: fsType !== null && keepsUserXattrs(fsType, os.release()), fsType };
}
