/**
 * Checks that an image's parts are the ones its manifest names. Hashing a
 * 200 MB root image takes about a second, so a verified part is remembered
 * by size and mtime in a small file beside it and not hashed again.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../../preload/contract';
import { GUEST_PARTS, type GuestManifest } from './manifest';

const STAMP = '.verified.json';

type Stamps = Record<string, { size: number; mtimeMs: number; sha256: string }>;

export async function verifyImage(dir: string, manifest: GuestManifest): Promise<void> {
  const stampFile = path.join(dir, STAMP);
  const stamps: Stamps = await fs.readFile(stampFile, 'utf8').then((t) => JSON.parse(t) as Stamps, () => ({}));
  let changed = false;
  for (const part of GUEST_PARTS) {
    const file = path.join(dir, part);
    const expected = manifest.files[part];
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) throw new BerthError('not-found', `The guest image in ${dir} has no ${part}; rebuild it with: sudo npm run vm:image`);
    if (stat.size !== expected.size) throw corrupt(file, `is ${stat.size} bytes, the manifest says ${expected.size}`);
    const stamp = stamps[part];
    if (stamp && stamp.size === stat.size && stamp.mtimeMs === stat.mtimeMs && stamp.sha256 === expected.sha256) continue;
    const actual = await sha256Of(file);
    if (actual !== expected.sha256) throw corrupt(file, `has sha256 ${actual}, the manifest says ${expected.sha256}`);
    stamps[part] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: actual };
    changed = true;
  }
  // Best effort: a read-only image folder (in the app's resources) is hashed each time.
  if (changed) await fs.writeFile(stampFile, JSON.stringify(stamps)).catch(() => undefined);
}

function corrupt(file: string, what: string): BerthError {
  return new BerthError('conflict', `${file} ${what}: the guest image is damaged. Rebuild it with: sudo npm run vm:image -- --force`);
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
