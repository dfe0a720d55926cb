/**
 * File-change events for the VM: host watcher → guest notifier, for the
 * writable shares (replaying an event writes the file's times, which a
 * read-only mount refuses). Nothing is sent for changes outside the shares.
 */
import path from 'node:path';
import type { VmShare } from '../vm/qemu-args';
import type { GuestChannel } from '../vm/guest-channel';
import { ChangeFilter } from './change-filter';
import { startGuestNotifier } from './guest-notifier';
import { watchShares } from './host-watcher';

export interface ShareEvents {
  close(): void;
}

export async function startShareEvents(
  channel: GuestChannel,
  shares: readonly VmShare[],
  ignoredNames: readonly string[],
  log: (message: string) => void,
  /** For the engine's status: a problem the user can act on. */
  warn: (message: string) => void = () => undefined,
): Promise<ShareEvents | null> {
  const roots = shares.filter((share) => share.writable).map((share) => share.hostPath);
  if (roots.length === 0) return null;
  const notifier = await startGuestNotifier(channel, log);
  const filter = new ChangeFilter();
  const watcher = watchShares({
    roots,
    ignoredNames,
    onChanges: (paths) => void filter.changed(paths).then((real) => notifier.notify(coalesce(real))),
    log,
    onCapReached: (max) => warn(capWarning(max, roots)),
  });
  void watcher.ready.then(() => log(`file-change events: watching ${watcher.watchedDirs} folders in ${roots.join(', ')}`));
  return {
    close() {
      watcher.close();
      notifier.close();
    },
  };
}

export function capWarning(max: number, roots: readonly string[]): string {
  return (
    `Containers hear of file changes in the first ${max} folders of ${roots.join(', ')} only (those nearest the top), not deeper down. ` +
    'Share smaller folders, or add the names of big folders to "Ignore changes in" (fileWatchIgnore) in Settings.'
  );
}

/**
 * Each replay is a process in the guest; a burst (a checkout, an npm install,
 * or the guest's own writes coming back as host events) is replayed on the
 * folders that changed instead, which watchers rescan.
 */
const MAX_REPLAYS_PER_BATCH = 64;

export function coalesce(paths: readonly string[]): string[] {
  if (paths.length <= MAX_REPLAYS_PER_BATCH) return [...paths];
  return [...new Set(paths.map((p) => path.dirname(p)))];
}
