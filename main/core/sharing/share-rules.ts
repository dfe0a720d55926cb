/**
 * Which host folders the VM gets, from the `shares` setting: a pure function
 * (the file system is asked through `inspect`), so every rule has a table test.
 *
 * Rules: a share is an absolute, existing directory other than the root; a
 * share inside another with the same writability is merged into it (the outer
 * mount already shows it); a share inside another with a different
 * writability is refused, since one of the two settings would silently lose.
 * A refused share is reported, never fatal: the others are still mounted.
 */
import path from 'node:path';
import type { Share } from '../../../preload/contract';
import { normalHostPath } from '../settings/schema';

export type PathKind = 'directory' | 'missing' | 'not-directory';

/** The guest's own system folders: a share mounted at one of these (same path in the VM) would hide what the VM runs on. */
const GUEST_SYSTEM_FOLDERS = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/mnt', '/proc', '/run', '/sbin', '/sys', '/usr', '/var'];

export interface PlannedShare {
  hostPath: string;
  /** Berth mounts each share at the same path in the guest. */
  guestPath: string;
  writable: boolean;
  /** The virtiofs tag the guest mounts it by (at most 36 bytes). */
  tag: string;
}

export interface ShareVerdict {
  hostPath: string;
  writable: boolean;
  /** `mounted`: has its own mount; `merged`: visible through `within`; `refused`: see `reason`. */
  verdict: 'mounted' | 'merged' | 'refused';
  within?: string;
  reason?: string;
}

export interface SharePlan {
  mounts: PlannedShare[];
  verdicts: ShareVerdict[];
}

/** Normalises, checks and merges the configured shares (see the header). */
export function planShares(shares: readonly Share[], inspect: (hostPath: string) => PathKind): SharePlan {
  const verdicts: ShareVerdict[] = [];
  // Where in the settings each verdict's share is listed, to report them in that order.
  const listedAt = new Map<ShareVerdict, number>();
  const report = (index: number, verdict: ShareVerdict) => {
    verdicts.push(verdict);
    listedAt.set(verdict, index);
  };
  const candidates: Array<Share & { index: number }> = [];
  for (const [index, share] of shares.entries()) {
    const refuse = (reason: string) => report(index, { hostPath: share.hostPath, writable: share.writable, verdict: 'refused', reason });
    if (!path.posix.isAbsolute(share.hostPath)) {
      refuse(`${JSON.stringify(share.hostPath)} is not an absolute path; give the full path, e.g. /home/you/src`);
      continue;
    }
    const hostPath = normalHostPath(share.hostPath);
    if (hostPath === '/') {
      refuse('the filesystem root cannot be shared (the VM needs its own /); share a folder such as your home instead');
      continue;
    }
    const system = GUEST_SYSTEM_FOLDERS.find((dir) => hostPath === dir || hostPath.startsWith(`${dir}/`));
    if (system) {
      refuse(`${hostPath} cannot be shared: the VM's own ${system} is there, and mounting over it would break the VM; share a folder outside ${system}`);
      continue;
    }
    const kind = inspect(hostPath);
    if (kind !== 'directory') {
      refuse(kind === 'missing' ? `${hostPath} does not exist; create it or remove the share` : `${hostPath} is not a directory; share the folder that holds it`);
      continue;
    }
    const twin = candidates.find((c) => c.hostPath === hostPath);
    if (twin) {
      if (twin.writable === share.writable) {
        report(index, { hostPath, writable: share.writable, verdict: 'merged', within: hostPath });
      } else {
        refuse(`${hostPath} is listed twice, writable and read-only; keep one of the two`);
      }
      continue;
    }
    candidates.push({ hostPath, writable: share.writable, index });
  }

  const mounts: PlannedShare[] = [];
  // Outer folders first, so a nested share always finds its parent already placed.
  const ordered = [...candidates].sort((a, b) => depth(a.hostPath) - depth(b.hostPath) || a.hostPath.localeCompare(b.hostPath));
  for (const share of ordered) {
    const parent = mounts.find((m) => isInside(share.hostPath, m.hostPath));
    if (parent && parent.writable === share.writable) {
      report(share.index, { hostPath: share.hostPath, writable: share.writable, verdict: 'merged', within: parent.hostPath });
    } else if (parent) {
      report(share.index, {
        hostPath: share.hostPath,
        writable: share.writable,
        verdict: 'refused',
        within: parent.hostPath,
        reason:
          `${share.hostPath} is inside ${parent.hostPath}, which is shared ${parent.writable ? 'writable' : 'read-only'}; ` +
          'a nested share cannot change that: remove it or share both the same way',
      });
    } else {
      mounts.push({ hostPath: share.hostPath, guestPath: share.hostPath, writable: share.writable, tag: `berth${mounts.length}` });
      report(share.index, { hostPath: share.hostPath, writable: share.writable, verdict: 'mounted' });
    }
  }
  verdicts.sort((a, b) => listedAt.get(a)! - listedAt.get(b)!);
  return { mounts, verdicts };
}

/** The share (planned mount) that holds `hostPath`, if any. */
export function shareHolding(mounts: readonly PlannedShare[], hostPath: string): PlannedShare | undefined {
  const wanted = normalHostPath(hostPath);
  return mounts.find((m) => wanted === m.hostPath || isInside(wanted, m.hostPath));
}

function isInside(child: string, parent: string): boolean {
  return child.startsWith(parent === '/' ? '/' : `${parent}/`);
}

function depth(hostPath: string): number {
  return hostPath.split('/').length;
}
