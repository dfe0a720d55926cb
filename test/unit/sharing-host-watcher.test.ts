import { appendFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchShares, type HostWatcher } from '../../main/core/sharing/host-watcher';
import { isIgnored } from '../../main/core/sharing/ignore-rules';

describe('isIgnored', () => {
  it.each([
    ['src/index.ts', false],
    ['node_modules/x/index.js', true],
    ['packages/a/node_modules/b', true],
    ['.git/HEAD', true],
    ['.gitignore', false],
    ['my_node_modules/x', false],
  ])('%s → %s', (relative, ignored) => {
    expect(isIgnored(relative)).toBe(ignored);
  });

  it('takes the names from the caller', () => {
    expect(isIgnored('dist/a.js', ['dist'])).toBe(true);
    expect(isIgnored('node_modules/a.js', ['dist'])).toBe(false);
  });
});

describe('watchShares', () => {
  let root: string;
  let outside: string;
  let watcher: HostWatcher | null = null;
  let seen: string[];

  beforeEach(async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'berth-watch-'));
    root = path.join(base, 'share');
    outside = path.join(base, 'outside');
    await mkdir(path.join(root, 'src', 'deep'), { recursive: true });
    await mkdir(path.join(root, 'node_modules', 'pkg'), { recursive: true });
    await mkdir(outside);
    seen = [];
  });
  afterEach(async () => {
    watcher?.close();
    await rm(path.dirname(root), { recursive: true, force: true });
  });

  const start = async (maxWatchedDirs?: number) => {
    watcher = watchShares({ roots: [root], onChanges: (paths) => seen.push(...paths), log: () => undefined, maxWatchedDirs });
    await watcher.ready;
  };

  it('reports create, modify, rename and delete in nested folders, each within a second', async () => {
    await start();
    const file = path.join(root, 'src', 'deep', 'a.txt');
    await writeFile(file, '');
    await expect.poll(() => seen, { timeout: 1_000 }).toContain(file);
    seen.length = 0;
    await appendFile(file, 'more');
    await expect.poll(() => seen, { timeout: 1_000 }).toContain(file);
    seen.length = 0;
    await rename(file, path.join(root, 'src', 'b.txt'));
    await expect.poll(() => seen, { timeout: 1_000 }).toEqual(expect.arrayContaining([file, path.join(root, 'src', 'b.txt')]));
    seen.length = 0;
    await rm(path.join(root, 'src', 'b.txt'));
    await expect.poll(() => seen, { timeout: 1_000 }).toContain(path.join(root, 'src', 'b.txt'));
  });

  it('watches folders made after it started', async () => {
    await start();
    await mkdir(path.join(root, 'later'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writeFile(path.join(root, 'later', 'x'), 'x');
    await expect.poll(() => seen, { timeout: 1_000 }).toContain(path.join(root, 'later', 'x'));
  });

  it('says nothing of node_modules or of changes outside the shares', async () => {
    await start();
    await writeFile(path.join(root, 'node_modules', 'pkg', 'index.js'), 'x');
    await writeFile(path.join(root, 'node_modules', 'new.js'), 'x');
    await writeFile(path.join(outside, 'x'), 'x');
    await writeFile(path.join(root, 'marker'), 'x');
    await expect.poll(() => seen, { timeout: 1_000 }).toContain(path.join(root, 'marker'));
    expect(seen).toEqual([path.join(root, 'marker')]);
  });

  it('watches no more folders than the cap', async () => {
    await start(2);
    expect(watcher!.watchedDirs).toBe(2);
  });

  it('spends the cap on the folders nearest the top of a share, and says when it is reached', async () => {
    // Two deep trees (a cache, a build output) beside the folders where work happens.
    await mkdir(path.join(root, 'cache', '1', '2', '3', '4'), { recursive: true });
    await mkdir(path.join(root, 'build', '1', '2', '3', '4'), { recursive: true });
    await mkdir(path.join(root, 'docs'));
    const capped: number[] = [];
    // The share, then its five folders (node_modules is ignored): a depth-first walk would spend the cap in one tree.
    watcher = watchShares({ roots: [root], onChanges: (paths) => seen.push(...paths), log: () => undefined, maxWatchedDirs: 5, onCapReached: (max) => capped.push(max) });
    await watcher.ready;
    expect(watcher.watchedDirs).toBe(5);
    expect(capped).toEqual([5]);
    const files = ['cache', 'build', 'docs', 'src'].map((folder) => path.join(root, folder, 'touched.txt'));
    for (const file of files) await writeFile(file, '');
    await expect.poll(() => files.filter((file) => seen.includes(file)), { timeout: 1_000 }).toEqual(files);
  });
});
