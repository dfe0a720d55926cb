import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBootShares, recordBootShares } from '../../main/core/sharing/boot-shares';
import type { VmShare } from '../../main/core/sharing/share-args';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-boot-shares-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const shares: VmShare[] = [
  { hostPath: '/home/dev/my project', guestPath: '/home/dev/my project', writable: true, tag: 'berth0', mechanism: 'virtiofs', socket: '/run/b/berth0.sock' },
  { hostPath: '/srv/ref', guestPath: '/srv/ref', writable: false, tag: 'berth1', mechanism: '9p', securityModel: 'none' },
];

describe('boot shares', () => {
  it('reads back what a boot recorded, private to the user, with no partial file left', async () => {
    const file = path.join(dir, 'shares.json');
    await recordBootShares(file, shares);
    expect(await readBootShares(file)).toEqual(shares);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['shares.json']);
  });

  it.each([
    ['no record', null],
    ['not JSON', '{"hostPath": '],
    ['not a list', '{"hostPath": "/x"}'],
    ['an entry without a mechanism', JSON.stringify([{ hostPath: '/x', guestPath: '/x', writable: true, tag: 'berth0' }])],
  ])('gives null for %s, so a reattaching Berth says binds are not checked rather than guessing', async (_case, text) => {
    const file = path.join(dir, 'shares.json');
    if (text !== null) await writeFile(file, text);
    expect(await readBootShares(file)).toBeNull();
  });
});
