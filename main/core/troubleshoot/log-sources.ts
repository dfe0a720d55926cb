/**
 * Reads the last lines of each log the Troubleshoot page and the diagnostics
 * bundle show: Berth's own (its ring), the Docker Engine's (dockerd's log in
 * the VM, read over the guest channel; the host's journal for the native
 * backend), the VM's serial console and QEMU's stderr. A log that is not
 * there is an excerpt with a note saying why, never an error.
 */
import { promises as fs } from 'node:fs';
import type { BackendKind, LogExcerpt, LogSource } from '../../../preload/contract';
import type { BerthPaths } from '../paths';
import { GuestChannel } from '../vm/guest-channel';
import { defaultInstancePaths, type InstancePaths } from '../vm/instance-files';
import { isSameProcess, readPidFile } from '../vm/pid-file';
import { runForOutput, type RunCommand } from '../vm/run-command';
import type { BerthLog } from './berth-log';
import { formatEntry } from './berth-log';

/** dockerd's log inside the guest (assets/vm/guest-init). */
const GUEST_DOCKERD_LOG = '/var/log/dockerd.log';
/** At most this much of a file's end is read: a log excerpt, not the log. */
const MAX_TAIL_BYTES = 2 * 2 ** 20;

export interface LogSourceDeps {
  paths: BerthPaths;
  berthLog: BerthLog;
  /** The backend that runs now, or null when none does. */
  backend(): BackendKind | null;
  run?: RunCommand;
}

/** The default VM instance, as the qemu backend and `berth shell` use it. */
export function vmInstance(paths: BerthPaths): InstancePaths {
  return defaultInstancePaths(paths);
}

export async function readLogExcerpt(source: LogSource, maxLines: number, deps: LogSourceDeps): Promise<LogExcerpt> {
  switch (source) {
    case 'berth': {
      const lines = deps.berthLog.entries().map((entry) => formatEntry(entry).replace(/\n$/, ''));
      return { source, path: deps.berthLog.file, ...lastOf(lines, maxLines), note: lines.length === 0 ? 'Nothing logged yet.' : null };
    }
    case 'serial':
    case 'qemu': {
      const vm = vmInstance(deps.paths);
      const file = source === 'serial' ? vm.serialLog : vm.qemuLog;
      const tail = await tailFile(file, maxLines);
      if (tail) return { source, path: file, ...tail, note: tail.lines.length === 0 ? 'The log is empty.' : null };
      return { source, path: file, lines: [], truncated: false, note: "No VM log yet: Berth's VM has not been started on this machine." };
    }
    case 'engine':
      return deps.backend() === 'native' ? hostEngineLog(maxLines, deps.run ?? runForOutput) : guestEngineLog(maxLines, deps.paths);
  }
}

/** The last `maxLines` lines of a file (reading at most its last 2 MiB), or null when it does not exist. */
export async function tailFile(file: string, maxLines: number): Promise<{ lines: string[]; truncated: boolean } | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - MAX_TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    let lines = buffer.subarray(0, bytesRead).toString('utf8').replace(/\r/g, '').split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (start > 0) lines = lines.slice(1); // the first line was cut in the middle
    const last = lastOf(lines, maxLines);
    return { lines: last.lines, truncated: last.truncated || start > 0 };
  } finally {
    await handle.close();
  }
}

function lastOf(lines: string[], maxLines: number): { lines: string[]; truncated: boolean } {
  return lines.length > maxLines ? { lines: lines.slice(-maxLines), truncated: true } : { lines, truncated: false };
}

async function guestEngineLog(maxLines: number, paths: BerthPaths): Promise<LogExcerpt> {
  const vm = vmInstance(paths);
  const base = { source: 'engine' as const, path: `vm:${GUEST_DOCKERD_LOG}`, lines: [], truncated: false };
  const record = await readPidFile(vm.pidFile).catch(() => null);
  if (!record || !(await isSameProcess(record))) {
    return { ...base, note: "Berth's VM is not running, so dockerd's log in it cannot be read. Its console (the serial log) keeps the end of it when dockerd fails." };
  }
  let channel: GuestChannel | null = null;
  try {
    channel = await GuestChannel.connect({
      port: Number(await fs.readFile(vm.sshPort, 'utf8')),
      privateKey: await fs.readFile(vm.sshPrivateKey),
      knownHostFile: vm.knownHost,
      deadlineMs: 5_000,
    });
    const result = await channel.exec(`tail -n ${maxLines + 1} ${GUEST_DOCKERD_LOG}`);
    if (result.code !== 0) return { ...base, note: `Could not read ${GUEST_DOCKERD_LOG} in the VM: ${result.stderr.trim() || `exit ${result.code}`}` };
    const lines = result.stdout.replace(/\r/g, '').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return { ...base, ...lastOf(lines, maxLines), note: null };
  } catch (error) {
    return { ...base, note: `Could not reach the VM to read dockerd's log: ${(error as Error).message}` };
  } finally {
    channel?.close();
  }
}

async function hostEngineLog(maxLines: number, run: RunCommand): Promise<LogExcerpt> {
  const base = { source: 'engine' as const, path: 'journalctl -u docker.service', truncated: false };
  const hint =
    "Berth uses this host's own Docker Engine, which keeps its own log: `journalctl -u docker.service` on systemd hosts, else the file its service manager names.";
  if (process.platform !== 'linux') return { ...base, lines: [], note: hint };
  const output = await run('journalctl', ['-u', 'docker.service', '-n', String(maxLines), '--no-pager', '-o', 'short-iso']);
  const lines = (output ?? '').split('\n').filter((line) => line !== '' && !line.startsWith('-- '));
  if (lines.length === 0) return { ...base, lines: [], note: `The system journal has no Docker Engine log this user can read. ${hint}` };
  return { ...base, ...lastOf(lines, maxLines), note: null };
}
