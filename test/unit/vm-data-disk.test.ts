import { mkdir, mkdtemp, open, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureDataDisk, planDataDisk } from '../../main/core/vm/data-disk';

const GIB = 2 ** 30;

describe('planDataDisk', () => {
  it.each([
    [null, 64, { action: 'create', bytes: 64 * GIB }],
    [64 * GIB, 64, { action: 'keep', bytes: 64 * GIB }],
    [64 * GIB, 100, { action: 'grow', fromBytes: 64 * GIB, bytes: 100 * GIB }],
    [64 * GIB + 1, 65, { action: 'grow', fromBytes: 64 * GIB + 1, bytes: 65 * GIB }],
  ] as const)('disk of %s bytes, %i GiB wanted → %j', (current, wanted, plan) => {
    expect(planDataDisk(current, wanted)).toEqual(plan);
  });

  it.each([
    [64 * GIB, 32, 'The data disk is 64 GiB; Berth cannot shrink it to 32 GiB without losing data. Set diskGiB to at least 64, or reset the VM to start with an empty disk.'],
    [64.5 * GIB, 64, 'The data disk is 64.5 GiB; Berth cannot shrink it to 64 GiB without losing data. Set diskGiB to at least 65, or reset the VM to start with an empty disk.'],
  ])('refuses to shrink %s bytes to %i GiB', (current, wanted, message) => {
    expect(planDataDisk(current, wanted)).toEqual({ action: 'refuse-shrink', fromBytes: current, message });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a wanted size of %s GiB', (wanted) => {
    expect(() => planDataDisk(null, wanted)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});

describe('ensureDataDisk', () => {
  let dir: string;
  let disk: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-disk-'));
    disk = path.join(dir, 'default', 'data.img');
  });

  /** Bytes actually allocated on disk (blocks are 512-byte units). */
  const allocated = async (file: string) => (await stat(file)).blocks * 512;

  it('creates a sparse file of the wanted size that allocates almost nothing', async () => {
    expect(await ensureDataDisk(disk, 64)).toEqual({ action: 'create', bytes: 64 * GIB });
    expect((await stat(disk)).size).toBe(64 * GIB);
    expect(await allocated(disk)).toBeLessThan(1024 * 1024);
    expect((await stat(disk)).mode & 0o777).toBe(0o600);
  });

  it('grows the file in place, keeping its data and staying sparse', async () => {
    await ensureDataDisk(disk, 8);
    await writeFile(disk, 'docker data', { flag: 'r+' });
    expect(await ensureDataDisk(disk, 16)).toEqual({ action: 'grow', fromBytes: 8 * GIB, bytes: 16 * GIB });
    expect((await stat(disk)).size).toBe(16 * GIB);
    expect(await allocated(disk)).toBeLessThan(1024 * 1024);
    const head = Buffer.alloc(11);
    const handle = await open(disk, 'r');
    await handle.read(head, 0, 11, 0);
    await handle.close();
    expect(head.toString()).toBe('docker data');
  });

  it('keeps a disk of the right size and never shrinks one, leaving it untouched', async () => {
    await ensureDataDisk(disk, 16);
    expect(await ensureDataDisk(disk, 16)).toEqual({ action: 'keep', bytes: 16 * GIB });
    await expect(ensureDataDisk(disk, 8)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('at least 16') });
    expect((await stat(disk)).size).toBe(16 * GIB);
  });

  it('refuses a data disk path that is not a file', async () => {
    await mkdir(disk, { recursive: true });
    await expect(ensureDataDisk(disk, 8)).rejects.toMatchObject({ code: 'conflict' });
  });
});
