import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateGuestImage, type LocateOptions } from '../../main/core/image/locate';
import { GUEST_PROTOCOL } from '../../main/core/image/manifest';
import { sha256Of } from '../../main/core/image/verify';

let root: string;
let cacheDir: string;
let hashed: string[];

beforeEach(async () => {
  // realpath: on macOS the temp folder is behind a symlink, and the image paths come back resolved.
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'berth-image-')));
  cacheDir = path.join(root, 'cache');
  hashed = [];
});

afterEach(async () => {
  await chmod(path.join(root, 'resources', 'vm'), 0o755).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

/** The real hash, counting which files it was asked for. */
async function countingHash(file: string): Promise<string> {
  hashed.push(path.basename(file));
  return sha256Of(file);
}

const locate = (options: Partial<LocateOptions>) => locateGuestImage({ cacheDir, hashFile: countingHash, ...options });

/** Writes a small image folder with a manifest that matches its parts. */
async function makeImage(dir: string, version: string, opts: { tamper?: string; pvh?: boolean; protocol?: number | null } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, { sha256: string; size: number }> = {};
  const parts = [...(opts.pvh ? ['vmlinux'] : []), 'vmlinuz', 'initrd.img', 'rootfs.img'];
  for (const part of parts) {
    const body = Buffer.from(`${part} of ${version}`);
    files[part] = { sha256: createHash('sha256').update(body).digest('hex'), size: body.length };
    // A tampered part keeps its size, so only the checksum can tell.
    await writeFile(path.join(dir, part), part === opts.tamper ? Buffer.alloc(body.length, 'X') : body);
  }
  await writeFile(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      name: 'berth-guest',
      version,
      key: version,
      suite: 'trixie',
      kernel: '6.12',
      docker: '26.1',
      // null: an image from before the field (protocol 1)
      ...(opts.protocol === null ? {} : { guestProtocol: opts.protocol ?? GUEST_PROTOCOL }),
      files,
    }),
  );
}

describe('locating the guest image', () => {
  it.each([
    ['an older Berth (no guestProtocol: 1)', null, /built for guest protocol 1; this Berth speaks 2 \(an image from an older Berth would boot but not work fully\)\. Build a matching one with: /],
    ['a newer Berth', GUEST_PROTOCOL + 1, /built for guest protocol 3; this Berth speaks 2 \(an image from a newer Berth/],
  ])('refuses an image made for %s, and says how to get a matching one', async (_case, protocol, message) => {
    await makeImage(path.join(cacheDir, 'images', 'old'), 'old', { protocol });
    await symlink('old', path.join(cacheDir, 'images', 'current'));
    await expect(locate({})).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(message) });
  });

  it('prefers the settings path, then the app resources, then the cache', async () => {
    await makeImage(path.join(cacheDir, 'images', 'current'), 'cached');
    await makeImage(path.join(root, 'resources', 'vm'), 'bundled');
    await makeImage(path.join(root, 'mine'), 'mine');
    const resourcesDir = path.join(root, 'resources');
    expect((await locate({ settingsPath: path.join(root, 'mine'), resourcesDir })).manifest.version).toBe('mine');
    expect((await locate({ settingsPath: null, resourcesDir })).manifest.version).toBe('bundled');
    const cached = await locate({ resourcesDir: path.join(root, 'no-resources-here') });
    expect(cached.manifest.version).toBe('cached');
    expect(cached).toMatchObject({
      dir: path.join(cacheDir, 'images', 'current'),
      kernel: path.join(cacheDir, 'images', 'current', 'vmlinuz'),
      initrd: path.join(cacheDir, 'images', 'current', 'initrd.img'),
      rootfs: path.join(cacheDir, 'images', 'current', 'rootfs.img'),
    });
  });

  it('follows images/current, as a symlink or as a file naming the key, to the real folder', async () => {
    const images = path.join(cacheDir, 'images');
    await makeImage(path.join(images, 'aaaa'), 'old');
    await makeImage(path.join(images, 'bbbb'), 'new', { pvh: true });
    await symlink('bbbb', path.join(images, 'current'));
    const viaLink = await locate({});
    expect(viaLink.manifest.version).toBe('new');
    // Resolved: a later rebuild that moves `current` leaves a running VM's files alone.
    expect(viaLink.dir).toBe(path.join(images, 'bbbb'));
    // An image with a PVH vmlinux boots that instead of the bzImage.
    expect(viaLink.kernel).toBe(path.join(images, 'bbbb', 'vmlinux'));

    await rm(path.join(images, 'current'));
    await writeFile(path.join(images, 'current'), 'aaaa\n');
    const viaFile = await locate({});
    expect(viaFile).toMatchObject({ dir: path.join(images, 'aaaa'), kernel: path.join(images, 'aaaa', 'vmlinuz') });
  });

  it('says where it looked and which command builds an image when there is none', async () => {
    const resourcesDir = path.join(root, 'resources');
    const error = await locate({ resourcesDir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not-found' });
    const message = (error as Error).message;
    expect(message).toMatch(/^No Berth guest image found \(looked in: .*\)\. Build one with: sudo npm run vm:image$/);
    expect(message).toContain(path.join(resourcesDir, 'vm'));
    expect(message).toContain(path.join(cacheDir, 'images', 'current'));
  });

  it('refuses a settings path without an image instead of silently using another', async () => {
    await makeImage(path.join(cacheDir, 'images', 'current'), 'cached');
    await expect(locate({ settingsPath: path.join(root, 'nothing') })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/guest image folder in settings \(.*nothing\) holds no manifest\.json/),
    });
  });

  it('names the damaged part when a checksum does not match, and does not fall back to another image', async () => {
    await makeImage(path.join(root, 'resources', 'vm'), 'bundled', { tamper: 'rootfs.img' });
    await makeImage(path.join(cacheDir, 'images', 'current'), 'cached');
    const error = await locate({ resourcesDir: path.join(root, 'resources') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', details: { file: path.join(root, 'resources', 'vm', 'rootfs.img') } });
    expect((error as Error).message).toMatch(/resources\/vm\/rootfs\.img has sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}: the guest image is damaged/);
    expect((error as Error).message).toContain('sudo npm run vm:image -- --force');
  });

  it('names a part whose size is wrong without hashing it, and a part that is missing', async () => {
    const dir = path.join(cacheDir, 'images', 'current');
    await makeImage(dir, 'cached');
    await writeFile(path.join(dir, 'initrd.img'), 'short');
    await expect(locate({})).rejects.toThrow(/current\/initrd\.img is 5 bytes, the manifest says \d+/);
    expect(hashed).not.toContain('initrd.img');
    await rm(path.join(dir, 'initrd.img'));
    await expect(locate({})).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/has no initrd\.img/) });
  });

  it('hashes a part once, then trusts it while its size and times are unchanged', async () => {
    const resourcesDir = path.join(root, 'resources');
    const dir = path.join(resourcesDir, 'vm');
    await makeImage(dir, 'bundled');
    await chmod(dir, 0o555); // like an installed app: the image folder is read-only
    await locate({ resourcesDir });
    expect(hashed.sort()).toEqual(['initrd.img', 'rootfs.img', 'vmlinuz']);
    hashed = [];
    await locate({ resourcesDir });
    expect(hashed).toEqual([]);
    // The stamps live in the cache, never in the image folder.
    expect(await readdir(dir)).not.toContain('verified.json');
    const stamps = JSON.parse(await readFile(path.join(cacheDir, 'images', 'verified.json'), 'utf8'));
    expect(Object.keys(stamps.files)).toContain(path.join(dir, 'rootfs.img'));

    // A part rewritten in place, same size, even with its mtime put back, is hashed again.
    await chmod(dir, 0o755);
    const rootfs = path.join(dir, 'rootfs.img');
    const body = await readFile(rootfs);
    await writeFile(rootfs, Buffer.alloc(body.length, 'Y'));
    await utimes(rootfs, new Date(stamps.files[rootfs].mtimeMs), new Date(stamps.files[rootfs].mtimeMs));
    await expect(locate({ resourcesDir })).rejects.toThrow(/rootfs\.img has sha256/);
    expect(hashed).toEqual(['rootfs.img']);
    // ...and stays refused without another hash.
    hashed = [];
    await expect(locate({ resourcesDir })).rejects.toThrow(/damaged/);
    expect(hashed).toEqual([]);
  });

  it('refuses a manifest that is not one, naming the file', async () => {
    const dir = path.join(cacheDir, 'images', 'current');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'manifest.json'), '{not json');
    await expect(locate({})).rejects.toThrow(/current\/manifest\.json is not a Berth guest image manifest/);
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ name: 'berth-guest', version: '1', key: 'k', kernel: 'x', docker: 'y', files: {} }));
    await expect(locate({})).rejects.toThrow(/not a Berth guest image manifest \(files\.vmlinuz: /);
  });
});
