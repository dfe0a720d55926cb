import type { Stats } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChangeFilter } from '../../main/core/sharing/change-filter';
import { coalesce } from '../../main/core/sharing/share-events';

type FakeStat = { size: number; mtimeMs: number; ino?: number; dir?: boolean };

function filterOver(files: Map<string, FakeStat>) {
  return new ChangeFilter(async (file) => {
    const f = files.get(file);
    if (!f) return null;
    return { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino ?? 1, isDirectory: () => !!f.dir, isSymbolicLink: () => false } as unknown as Stats;
  });
}

describe('ChangeFilter', () => {
  it('passes a new file, drops its echo (same size and mtime), passes a real edit, a delete once', async () => {
    const files = new Map<string, FakeStat>([['/s/a', { size: 0, mtimeMs: 1 }]]);
    const filter = filterOver(files);
    expect(await filter.changed(['/s/a'])).toEqual(['/s/a']);
    expect(await filter.changed(['/s/a'])).toEqual([]); // the replay's echo: only ctime moved
    files.set('/s/a', { size: 5, mtimeMs: 2 });
    expect(await filter.changed(['/s/a'])).toEqual(['/s/a']);
    files.delete('/s/a');
    expect(await filter.changed(['/s/a'])).toEqual(['/s/a']);
    expect(await filter.changed(['/s/a'])).toEqual([]);
  });

  it('passes a file replaced by another with the same size and mtime (new inode)', async () => {
    const files = new Map<string, FakeStat>([['/s/a', { size: 1, mtimeMs: 1, ino: 7 }]]);
    const filter = filterOver(files);
    await filter.changed(['/s/a']);
    files.set('/s/a', { size: 1, mtimeMs: 1, ino: 8 });
    expect(await filter.changed(['/s/a'])).toEqual(['/s/a']);
  });
});

describe('coalesce', () => {
  it('keeps a small batch as is and folds a burst into its folders', () => {
    expect(coalesce(['/s/a', '/s/b'])).toEqual(['/s/a', '/s/b']);
    const burst = Array.from({ length: 500 }, (_, i) => `/s/${i % 2 ? 'x' : 'y'}/f${i}`);
    expect(coalesce(burst)).toEqual(['/s/y', '/s/x']);
  });
});
