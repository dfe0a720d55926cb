/**
 * A lock between processes for read-modify-write of a small file (two
 * `berth settings set` at once, or a CLI beside a running Berth): an
 * exclusively created lock file, removed when done; a lock older than
 * STALE_MS is from a process that died and is broken.
 */
import { promises as fs } from 'node:fs';
import { BerthError } from '../../../preload/contract';

const STALE_MS = 10_000;
const WAIT_MS = 5_000;

export async function withFileLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const handle = await fs.open(lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const stat = await fs.stat(lockFile).catch(() => null);
      if (stat && Date.now() - stat.mtimeMs > STALE_MS) {
        await fs.rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new BerthError('timeout', `${lockFile} has been held for ${WAIT_MS / 1000} s by another Berth process; try again, or remove it if no Berth runs.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  try {
    return await work();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}
