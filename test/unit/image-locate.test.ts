import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { locateGuestImage } from '../../main/core/image/locate';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'berth-image-'));
});

/** Writes a small image folder with a manifest that matches its parts. */
async function makeImage(dir: string, version: string, tamper?: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, { sha256: string; size: number }> = {};
  for (const part of ['vmlinuz', 'initrd.img', 'rootfs.img']) {
    const body = Buffer.from(`${part} of ${version}`);
    files[part] = { sha256: createHash('sha256').update(body).digest('hex'), size: body.length };
    await writeFile(path.join(dir, part), part === tamper ? Buffer.from(`${part} of XXXXXXX`.slice(0, body.length)) : body);
  }
  await writeFile(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ name: 'berth-guest', version, key: 'k', kernel: '6.12', docker: '26.1', files }),
  );
}

describe('locating the guest image', () => {
  it('prefers the settings path, then the app resources, then the cache', async () => {
    const cacheDir = path.join(root, 'cache');
    await makeImage(path.join(cacheDir, 'images', 'current'), 'cached');
    await makeImage(path.join(root, 'resources', 'vm'), 'bundled');
    await makeImage(path.join(root, 'mine'), 'mine');
    const resourcesDir = path.join(root, 'resources');
    expect((await locateGuestImage({ settingsPath: path.join(root, 'mine'), resourcesDir, cacheDir })).manifest.version).toBe('mine');
    expect((await locateGuestImage({ resourcesDir, cacheDir })).manifest.version).toBe('bundled');
    const cached = await locateGuestImage({ cacheDir });
    expect(cached.manifest.version).toBe('cached');
    expect(cached.kernel).toBe(path.join(cacheDir, 'images', 'current', 'vmlinuz'));
  });

  it('says which command builds an image when there is none', async () => {
    await expect(locateGuestImage({ cacheDir: path.join(root, 'empty') })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/No Berth guest image found .*Build one with: sudo npm run vm:image$/),
    });
  });

  it('refuses a settings path without an image instead of silently using another', async () => {
    await makeImage(path.join(root, 'cache', 'images', 'current'), 'cached');
    await expect(locateGuestImage({ settingsPath: path.join(root, 'nothing'), cacheDir: path.join(root, 'cache') })).rejects.toThrow(
      /guest image folder in settings .* holds no manifest/,
    );
  });

  it('names the damaged part when a checksum does not match', async () => {
    await makeImage(path.join(root, 'cache', 'images', 'current'), 'cached', 'rootfs.img');
    await expect(locateGuestImage({ cacheDir: path.join(root, 'cache') })).rejects.toThrow(/rootfs\.img has sha256 .* damaged/);
  });

  it('refuses a manifest that is not one', async () => {
    const dir = path.join(root, 'cache', 'images', 'current');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'manifest.json'), '{not json');
    await expect(locateGuestImage({ cacheDir: path.join(root, 'cache') })).rejects.toThrow(/not a Berth guest image manifest/);
  });
});
