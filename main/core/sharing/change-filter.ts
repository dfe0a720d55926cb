/**
 * Drops the host events that are only the echo of a replay. Replaying a
 * change in the guest (guest-notifier.ts) sets a file's times to themselves,
 * which the host sees as one more attribute change: without this filter each
 * replay would cause the next, forever. A path is passed on only when what a
 * watcher cares about (exists, type, size, mtime, inode) differs from what
 * was last passed on for it, so a pure ctime change (the echo, or a chmod)
 * goes no further.
 */
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';

const MAX_REMEMBERED = 100_000;

export class ChangeFilter {
  private readonly lastSent = new Map<string, string>();

  constructor(private readonly stat: (file: string) => Promise<Stats | null> = (file) => lstat(file).catch(() => null)) {}

  /** The paths of `candidates` whose state changed since they were last passed on. */
  async changed(candidates: readonly string[]): Promise<string[]> {
    const states = await Promise.all(candidates.map(async (file) => [file, fingerprint(await this.stat(file))] as const));
    const result: string[] = [];
    for (const [file, state] of states) {
      if (this.lastSent.get(file) === state) continue;
      // Bounded memory: forgetting only costs one more (harmless) replay per path.
      if (this.lastSent.size >= MAX_REMEMBERED) this.lastSent.clear();
      this.lastSent.set(file, state);
      result.push(file);
    }
    return result;
  }
}

function fingerprint(stats: Stats | null): string {
  if (!stats) return 'gone';
  const kind = stats.isDirectory() ? 'd' : stats.isSymbolicLink() ? 'l' : 'f';
  return `${kind}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}
