/**
 * Watches the shared folders on the host and reports changed paths in
 * batches. One non-recursive fs.watch per directory (inotify on Linux), so
 * ignored folders are never watched at all; at most `maxWatchedDirs`
 * directories are watched in all (inotify watches are a per-user limit).
 * The trees are walked breadth first, so when a share is larger than that
 * (a whole home), the folders nearest its top, where projects live, are the
 * ones watched, not whatever deep cache a depth-first walk met first; the
 * cap is reported once (`onCapReached`).
 */
import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_IGNORED_NAMES, isIgnored } from './ignore-rules';

export interface HostWatcherOptions {
  roots: readonly string[];
  onChanges: (paths: string[]) => void;
  log: (message: string) => void;
  ignoredNames?: readonly string[];
  maxWatchedDirs?: number;
  /** Called once, when a folder goes unwatched for the cap. */
  onCapReached?: (maxWatchedDirs: number) => void;
  /** Changes within this window go out together. */
  batchMs?: number;
}

export interface HostWatcher {
  /** How many directories are watched now. */
  readonly watchedDirs: number;
  /** Settles once the existing trees are walked (a large home takes seconds: nobody waits for it). */
  readonly ready: Promise<void>;
  close(): void;
}

export function watchShares(options: HostWatcherOptions): HostWatcher {
  const ignored = options.ignoredNames ?? DEFAULT_IGNORED_NAMES;
  const maxDirs = options.maxWatchedDirs ?? 8192;
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let capReported = false;
  let closed = false;

  const rootOf = (dir: string) => options.roots.find((root) => dir === root || dir.startsWith(`${root}/`));
  const flush = () => {
    timer = null;
    const batch = [...pending];
    pending = new Set();
    if (batch.length > 0 && !closed) options.onChanges(batch);
  };
  const changed = (file: string) => {
    pending.add(file);
    timer ??= setTimeout(flush, options.batchMs ?? 30);
  };

  const reportCap = () => {
    if (capReported) return;
    capReported = true;
    options.log(`file-change events: watching the first ${maxDirs} folders of the shares only`);
    options.onCapReached?.(maxDirs);
  };

  /** Watches the folders below `tops`, nearest first, until the cap. */
  const watchTrees = async (tops: readonly string[]): Promise<void> => {
    const queue = [...tops];
    for (let next = 0; next < queue.length && !closed; next++) {
      const dir = queue[next]!;
      if (!(await watchDir(dir))) continue;
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      const root = rootOf(dir)!;
      for (const entry of entries) {
        const child = path.join(dir, entry.name);
        if (entry.isDirectory() && !isIgnored(path.relative(root, child), ignored)) queue.push(child);
      }
    }
  };

  /** One folder's watch; false when it is not a folder (any more), already watched, or unreadable. */
  const watchDir = async (dir: string): Promise<boolean> => {
    if (closed || watchers.has(dir)) return false;
    // fs.watch takes files too; and a symlinked folder is not followed (it may loop, or leave the share).
    if (!(await lstat(dir).catch(() => null))?.isDirectory() || closed || watchers.has(dir)) return false;
    if (watchers.size >= maxDirs) {
      reportCap(); // a folder that would be watched is not: only then is the cap news
      return false;
    }
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null) return changed(dir);
        const file = path.join(dir, name.toString());
        const root = rootOf(file);
        if (root === undefined || isIgnored(path.relative(root, file), ignored)) return;
        changed(file);
        // A new folder (made or moved in) gets its own watch; a gone one closes its own.
        void watchTrees([file]).catch(() => undefined);
      });
    } catch {
      return false; // not a directory (any more), or unreadable
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    return true;
  };

  const ready = watchTrees(options.roots);
  return {
    get watchedDirs() {
      return watchers.size;
    },
    ready,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
