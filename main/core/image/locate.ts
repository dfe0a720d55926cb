/**
 * Finds the guest image the VM boots, in this order: the folder named in
 * settings (guestImagePath), the one shipped in the app's resources
 * (<resources>/vm), the newest one built into the cache
 * (<cache>/images/current, a symlink or a file naming the key). A folder that
 * is there but damaged is an error naming the file; no image at all is an
 * error that says which command builds one.
 *
 * The returned paths are resolved (no `current` in them), so a rebuild that
 * moves `current` never changes the files under a running VM.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../../preload/contract';
import { GUEST_PROTOCOL, manifestSchema, type GuestManifest } from './manifest';
import { BUILD_COMMAND, stampFileFor, verifyImage } from './verify';

export { BUILD_COMMAND } from './verify';

export interface GuestImage {
  dir: string;
  /** What QEMU's -kernel gets: vmlinux (PVH ELF, faster boot) when the image has one, else vmlinuz. */
  kernel: string;
  initrd: string;
  rootfs: string;
  manifest: GuestManifest;
}

export interface LocateOptions {
  settingsPath?: string | null;
  resourcesDir?: string | null;
  cacheDir: string;
  /** Replaceable for tests; defaults to streaming sha256. */
  hashFile?: (file: string) => Promise<string>;
}

/** The folders tried, in order. */
export function candidateDirs(options: LocateOptions): string[] {
  return [
    options.settingsPath ?? null,
    options.resourcesDir ? path.join(options.resourcesDir, 'vm') : null,
    path.join(options.cacheDir, 'images', 'current'),
  ].filter((dir): dir is string => dir !== null);
}

export async function locateGuestImage(options: LocateOptions): Promise<GuestImage> {
  const tried = candidateDirs(options);
  for (const [index, candidate] of tried.entries()) {
    const explicit = index === 0 && Boolean(options.settingsPath);
    const dir = await resolveImageDir(candidate);
    const manifest = dir ? await readManifest(dir) : null;
    if (!dir || !manifest) {
      // A folder the user named must hold an image; the others are only places to look.
      if (explicit) {
        throw new BerthError(
          'not-found',
          `The guest image folder in settings (${candidate}) holds no manifest.json. Fix guestImagePath, or clear it to use the built-in image.`,
        );
      }
      continue;
    }
    const protocol = manifest.guestProtocol ?? 1;
    if (protocol !== GUEST_PROTOCOL) {
      throw new BerthError(
        'conflict',
        `The guest image in ${dir} was built for guest protocol ${protocol}; this Berth speaks ${GUEST_PROTOCOL} ` +
          `(an image from ${protocol < GUEST_PROTOCOL ? 'an older' : 'a newer'} Berth would boot but not work fully). ` +
          (explicit ? `Point guestImagePath at a matching image, or clear it; or build one with: ${BUILD_COMMAND}` : `Build a matching one with: ${BUILD_COMMAND}`),
        { dir },
      );
    }
    await verifyImage(dir, manifest, { stampFile: stampFileFor(options.cacheDir), hashFile: options.hashFile });
    return {
      dir,
      kernel: path.join(dir, manifest.files.vmlinux ? 'vmlinux' : 'vmlinuz'),
      initrd: path.join(dir, 'initrd.img'),
      rootfs: path.join(dir, 'rootfs.img'),
      manifest,
    };
  }
  throw new BerthError('not-found', `No Berth guest image found (looked in: ${tried.join(', ')}). Build one with: ${BUILD_COMMAND}`);
}

/**
 * The real folder behind a candidate: a folder (or a symlink to one) as is;
 * a regular file is a pointer holding a key, resolved beside it (`current`
 * where symlinks are not available); a path to manifest.json means its folder.
 */
async function resolveImageDir(candidate: string): Promise<string | null> {
  const stat = await fs.stat(candidate).catch(() => null);
  if (!stat) return null;
  if (stat.isDirectory()) return fs.realpath(candidate);
  if (!stat.isFile()) return null;
  if (path.basename(candidate) === 'manifest.json') return fs.realpath(path.dirname(candidate));
  const key = (await fs.readFile(candidate, 'utf8')).trim();
  if (!/^[A-Za-z0-9._-]+$/.test(key) || key === '.' || key === '..') return null;
  const target = path.join(path.dirname(candidate), key);
  const targetStat = await fs.stat(target).catch(() => null);
  return targetStat?.isDirectory() ? fs.realpath(target) : null;
}

async function readManifest(dir: string): Promise<GuestManifest | null> {
  const file = path.join(dir, 'manifest.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported below as not a manifest
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues[0];
    const detail = why ? ` (${why.path.join('.') || 'file'}: ${why.message})` : '';
    throw new BerthError('conflict', `${file} is not a Berth guest image manifest${detail}; rebuild with: ${BUILD_COMMAND} -- --force`, { file });
  }
  return parsed.data;
}
