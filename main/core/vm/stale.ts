/**
 * Before a start: find out whether a previous run is still alive, and if it
 * was killed (Berth or QEMU crashed, the machine lost power), clear what it
 * left behind so the new run can bind its sockets. A QEMU that is still ours
 * is never touched: the caller decides whether to reattach or stop it.
 */
import { promises as fs } from 'node:fs';
import type { InstancePaths } from './instance-files';
import { hostProcessTable, readPidFile, type PidRecord, type ProcessTable } from './pid-file';

export type PreviousRun =
  | { state: 'running'; record: PidRecord }
  | {
      state: 'stopped';
      /** Files removed, for the log; empty after a clean shutdown. */
      removed: string[];
      /** What the pid file said, for the log; null when there was none. */
      note: string | null;
    };

export async function clearStaleRun(paths: InstancePaths, table: ProcessTable = hostProcessTable()): Promise<PreviousRun> {
  const record = await readPidFile(paths.pidFile);
  let note: string | null = null;
  if (record) {
    const startTime = await table.startTimeOf(record.pid);
    if (startTime !== null && startTime === record.startTime) return { state: 'running', record };
    note =
      startTime === null
        ? `${record.executable} (pid ${record.pid}) from an earlier run is no longer running`
        : `pid ${record.pid} from an earlier run of ${record.executable} now belongs to another process, which is left alone`;
  }
  const leftovers = [paths.pidFile, paths.qmpSocket, paths.dockerSocket, paths.sshPort, paths.agentPort, paths.sharesFile];
  const removed: string[] = [];
  for (const file of leftovers) {
    if (await removeIfPresent(file)) removed.push(file);
  }
  if (!record && removed.includes(paths.pidFile)) note = `${paths.pidFile} was not a readable pid record`;
  return { state: 'stopped', removed, note };
}

async function removeIfPresent(file: string): Promise<boolean> {
  try {
    await fs.unlink(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
