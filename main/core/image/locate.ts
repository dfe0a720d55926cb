/**
 * Finds the guest image the VM boots: the folder named in settings, else the
 * one shipped in the app's resources, else the newest one built into the
 * cache. A missing image is an error that says which command builds one.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../../preload/contract';
import { manifestSchema, type GuestManifest } from './manifest';
import { verifyImage } from './verify';

export interface GuestImage {
  dir: string;
  kernel: string;
  initrd: string;
  rootfs: string;
  manifest: GuestManifest;
}

export interface LocateOptions {
  settingsPath?: string | null;
  resourcesDir?: string | null;
  cacheDir: string;
}

export const BUILD_COMMAND = 'sudo npm run vm:image';

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
  for (const [index, dir] of tried.entries()) {
    const manifest = await readManifest(dir);
    if (!manifest) {
      // A folder the user named must hold an image; the others are only places to look.
      if (index === 0 && options.settingsPath) {
        throw new BerthError('not-found', `The guest image folder in settings (${dir}) holds no manifest.json. Fix guestImagePath, or clear it to use the built-in image.`);
      }
      continue;
    }
    await verifyImage(dir, manifest);
    return {
      dir,
      kernel: path.join(dir, 'vmlinuz'),
      initrd: path.join(dir, 'initrd.img'),
      rootfs: path.join(dir, 'rootfs.img'),
      manifest,
    };
  }
  throw new BerthError('not-found', `No Berth guest image found (looked in: ${tried.join(', ')}). Build one with: ${BUILD_COMMAND}`);
}

async function readManifest(dir: string): Promise<GuestManifest | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, 'manifest.json'), 'utf8');
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
    throw new BerthError('conflict', `${path.join(dir, 'manifest.json')} is not a Berth guest image manifest; rebuild with: ${BUILD_COMMAND} -- --force`);
  }
  return parsed.data;
}
