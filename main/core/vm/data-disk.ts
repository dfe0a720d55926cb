/**
 * The persistent data disk (the guest's /var/lib/docker): a raw file, sparse,
 * so a 64 GiB disk costs only what Docker has written. Growing is safe (the
 * guest runs resize2fs at boot); shrinking would cut off data, so Berth
 * refuses and says what the user can do instead.
 *
 * Sparse files come from ftruncate on Linux and macOS. On Windows (NTFS) an
 * extended file is only sparse once marked so (FSCTL_SET_SPARSE); until
 * Berth does that, the disk takes its full size there.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../../preload/contract';

const GIB = 2 ** 30;

export type DataDiskPlan =
  | { action: 'create'; bytes: number }
  | { action: 'grow'; fromBytes: number; bytes: number }
  | { action: 'keep'; bytes: number }
  | { action: 'refuse-shrink'; fromBytes: number; message: string };

/** What to do with a disk of `currentBytes` (null: none yet) when the settings want `wantedGiB`. */
export function planDataDisk(currentBytes: number | null, wantedGiB: number): DataDiskPlan {
  if (!Number.isInteger(wantedGiB) || wantedGiB < 1) {
    throw new BerthError('invalid-input', `diskGiB must be a whole number of at least 1 (got ${wantedGiB})`);
  }
  const bytes = wantedGiB * GIB;
  if (currentBytes === null) return { action: 'create', bytes };
  if (currentBytes === bytes) return { action: 'keep', bytes };
  if (currentBytes < bytes) return { action: 'grow', fromBytes: currentBytes, bytes };
  const current = Number((currentBytes / GIB).toFixed(1));
  return {
    action: 'refuse-shrink',
    fromBytes: currentBytes,
    message:
      `The data disk is ${current} GiB; Berth cannot shrink it to ${wantedGiB} GiB without losing data. ` +
      `Set diskGiB to at least ${Math.ceil(currentBytes / GIB)}, or reset the VM to start with an empty disk.`,
  };
}

/** Creates or grows the disk at `file` to `wantedGiB`; never shrinks it. Returns the plan it carried out. */
export async function ensureDataDisk(file: string, wantedGiB: number): Promise<DataDiskPlan> {
  const plan = planDataDisk(await sizeOf(file), wantedGiB);
  switch (plan.action) {
    case 'refuse-shrink':
      throw new BerthError('conflict', plan.message);
    case 'keep':
      return plan;
    case 'create':
    case 'grow': {
      await fs.mkdir(path.dirname(file), { recursive: true });
      // 'wx' fails if another start created the file meanwhile, rather than truncating it.
      const handle = await fs.open(file, plan.action === 'create' ? 'wx' : 'r+', 0o600);
      try {
        await handle.truncate(plan.bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return plan;
    }
  }
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new BerthError('conflict', `${file} should be the VM's data disk but is not a regular file`);
    return stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
