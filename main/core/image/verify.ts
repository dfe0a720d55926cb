/**
 * Checks that an image's parts are the ones its manifest names: size first
 * (free), then sha256, streamed. Hashing the whole image (~500 MB) takes
 * about 1.5 s on a fast disk and much longer on a slow one, so a hash is
 * remembered by path + size + mtime (+ inode and ctime, which a copy or an
 * in-place edit cannot keep) in a small JSON file in the cache folder
 * (never in the image folder, which may be the app's read-only resources) and
 * a part whose size and mtime have not changed is not hashed again.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../../../preload/contract';
import { writeFileAtomic } from '../fs/atomic-write';
import { manifestParts, type GuestManifest } from './manifest';

export const BUILD_COMMAND = 'sudo npm run vm:image';

interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  sha256: string;
}

interface StampFile {
  version: 1;
  files: Record<string, Stamp>;
}

export interface VerifyOptions {
  /** Where verified hashes are remembered; null: hash every time. */
  stampFile: string | null;
  /** Replaceable for tests; defaults to streaming sha256. */
  hashFile?: (file: string) => Promise<string>;
}

/** The stamp file for a cache folder. */
export function stampFileFor(cacheDir: string): string {
  return path.join(cacheDir, 'images', 'verified.json');
}

export async function verifyImage(dir: string, manifest: GuestManifest, options: VerifyOptions): Promise<void> {
  const hashFile = options.hashFile ?? sha256Of;
  const stamps = options.stampFile ? await readStamps(options.stampFile) : { version: 1 as const, files: {} };
  let changed = false;
  for (const part of manifestParts(manifest)) {
    const expected = manifest.files[part];
    if (!expected) continue;
    const file = path.join(dir, part);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat || !stat.isFile()) {
      throw new BerthError('not-found', `The guest image in ${dir} has no ${part}; rebuild it with: ${BUILD_COMMAND} -- --force`, { file });
    }
    if (stat.size !== expected.size) throw damaged(file, `is ${stat.size} bytes, the manifest says ${expected.size}`);
    const stamp = stamps.files[file];
    let actual: string;
    if (
      stamp &&
      stamp.size === stat.size &&
      stamp.mtimeMs === stat.mtimeMs &&
      stamp.ctimeMs === stat.ctimeMs &&
      stamp.ino === stat.ino
    ) {
      actual = stamp.sha256;
    } else {
      actual = await hashFile(file);
      stamps.files[file] = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, sha256: actual };
      changed = true;
    }
    if (actual !== expected.sha256) {
      if (changed && options.stampFile) await writeStamps(options.stampFile, stamps);
      throw damaged(file, `has sha256 ${actual}, the manifest says ${expected.sha256}`);
    }
  }
  if (changed && options.stampFile) await writeStamps(options.stampFile, stamps);
}

function damaged(file: string, what: string): BerthError {
  return new BerthError('conflict', `${file} ${what}: the guest image is damaged. Rebuild it with: ${BUILD_COMMAND} -- --force`, {
    file,
  });
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

async function readStamps(file: string): Promise<StampFile> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<StampFile>;
    if (parsed.version === 1 && parsed.files && typeof parsed.files === 'object') {
      const files: Record<string, Stamp> = {};
      for (const [name, stamp] of Object.entries(parsed.files)) {
        if (isStamp(stamp)) files[name] = stamp;
      }
      return { version: 1, files };
    }
  } catch {
    // missing or unreadable: start afresh, it is only a cache
  }
  return { version: 1, files: {} };
}

function isStamp(value: unknown): value is Stamp {
  const s = value as Stamp;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.size === 'number' &&
    typeof s.mtimeMs === 'number' &&
    typeof s.ctimeMs === 'number' &&
    typeof s.ino === 'number' &&
    typeof s.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(s.sha256)
  );
}

async function writeStamps(file: string, stamps: StampFile): Promise<void> {
  // Forget parts that are gone (old image keys), so the file stays small.
  const files: Record<string, Stamp> = {};
  for (const [name, stamp] of Object.entries(stamps.files)) {
    if (await fs.stat(name).then(() => true, () => false)) files[name] = stamp;
  }
  // Best effort: a cache that cannot be written only costs a re-hash next time.
  await writeFileAtomic(file, `${JSON.stringify({ version: 1, files }, null, 1)}\n`).catch(() => undefined);
}
