/**
 * Replays host-side changes as inotify events in the guest. A change made on
 * the host reaches the guest's FUSE (virtiofs) mount without passing through
 * the guest's VFS, so no watcher in the VM hears of it. For each changed path
 * a long-lived shell in the guest sets the file's times to themselves
 * (`touch -c -r p p`): nothing changes on the host but the ctime, and the
 * guest raises IN_ATTRIB, which Node's fs.watch, chokidar, watchdog and
 * inotifywait report as a change (Docker Desktop does the same). A path that
 * is gone (deleted, renamed away) is replayed on its folder.
 */
import type { ClientChannel } from 'ssh2';
import type { GuestChannel } from '../vm/guest-channel';

const GUEST_LOOP = [
  'while IFS= read -r p; do',
  '  if [ -e "$p" ] || [ -h "$p" ]; then touch -c -h -r "$p" "$p"; else d=${p%/*}; touch -c -r "$d" "$d"; fi',
  'done',
].join('\n');

export interface GuestNotifier {
  notify(paths: readonly string[]): void;
  close(): void;
}

export async function startGuestNotifier(channel: GuestChannel, log: (message: string) => void): Promise<GuestNotifier> {
  const session: ClientChannel = await channel.spawn(`exec sh -c '${GUEST_LOOP}' 2>/dev/null`);
  let open = true;
  session.once('close', () => {
    if (open) log('file-change events: the guest end closed');
    open = false;
  });
  return {
    notify(paths) {
      // A newline would split a path in two: such names get no event.
      const lines = paths.filter((p) => !p.includes('\n'));
      if (open && lines.length > 0) session.write(`${lines.join('\n')}\n`);
    },
    close() {
      open = false;
      try {
        session.close();
      } catch {
        // the guest channel is already gone, and the session with it
      }
    },
  };
}
