/**
 * Berth's record of a QEMU process: its PID plus when that process started.
 * After a crash the PID may belong to someone else by the next launch, and a
 * bare PID file would have Berth signal that stranger. A process is "ours"
 * only while a process with the PID is alive AND its start time matches.
 *
 * The start time is an opaque token from the ProcessTable: on Linux field 22
 * of /proc/<pid>/stat (clock ticks since boot) tagged with the boot id, so a
 * PID and tick count repeated after a reboot do not match; on macOS what `ps`
 * prints as lstart; on Windows the process's StartTime (best effort).
 *
 * Between the check and the signal there is a window of microseconds in which
 * the process would have to exit and its PID be handed out again; Node offers
 * no pidfd to close it, and that race is far narrower than a stale PID file.
 */
import { promises as fs } from 'node:fs';
import { BerthError } from '../../../preload/contract';
import { writeFileAtomic } from '../fs/atomic-write';
import { runForOutput, type RunCommand } from './run-command';

export interface PidRecord {
  pid: number;
  /** The ProcessTable's start-time token, compared for equality only. */
  startTime: string;
  /** The program that was started, for messages (e.g. "qemu-system-x86_64"). */
  executable: string;
}

export interface ProcessTable {
  /** The start-time token of the live process with this PID, or null if there is none (or only a zombie). */
  startTimeOf(pid: number): Promise<string | null>;
  /** Sends a signal; false when no such process exists any more. */
  kill(pid: number, signal: NodeJS.Signals): boolean;
}

/** The record for a process that was just spawned; throws when it is already gone. */
export async function recordProcess(pid: number, executable: string, table: ProcessTable = hostProcessTable()): Promise<PidRecord> {
  const startTime = await table.startTimeOf(pid);
  if (startTime === null) throw new BerthError('internal', `${executable} (pid ${pid}) exited as soon as it started`);
  return { pid, startTime, executable };
}

export async function writePidFile(file: string, record: PidRecord): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(record)}\n`);
}

/** The record in `file`; null when there is no file or it is not a pid record (either way, nothing to trust). */
export async function readPidFile(file: string): Promise<PidRecord | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<PidRecord>;
    const valid =
      Number.isInteger(value.pid) && value.pid! > 0 && typeof value.startTime === 'string' && value.startTime !== '' && typeof value.executable === 'string';
    return valid ? { pid: value.pid!, startTime: value.startTime!, executable: value.executable! } : null;
  } catch {
    return null;
  }
}

export async function isSameProcess(record: PidRecord, table: ProcessTable = hostProcessTable()): Promise<boolean> {
  const startTime = await table.startTimeOf(record.pid);
  return startTime !== null && startTime === record.startTime;
}

/** Signals the recorded process only if it is still the one Berth started; true when signalled. */
export async function signalIfOurs(record: PidRecord, signal: NodeJS.Signals, table: ProcessTable = hostProcessTable()): Promise<boolean> {
  if (!(await isSameProcess(record, table))) return false;
  return table.kill(record.pid, signal);
}

/**
 * The start-time token from a /proc/<pid>/stat line, or null for a zombie or
 * dead process. The command name (field 2) is in parentheses and may itself
 * contain spaces and ')', so fields are counted after the LAST ')'.
 */
export function parseProcStat(stat: string): { state: string; startTicks: string } | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  // After the name: field 3 (state) is index 0, so field 22 (starttime) is index 19.
  const fields = stat.slice(close + 1).trim().split(/\s+/);
  const state = fields[0];
  const startTicks = fields[19];
  if (!state || !startTicks || !/^\d+$/.test(startTicks)) return null;
  return { state, startTicks };
}

export function linuxProcessTable(readText: (file: string) => Promise<string> = (file) => fs.readFile(file, 'utf8')): ProcessTable {
  let bootId: Promise<string> | null = null;
  return {
    async startTimeOf(pid) {
      let stat: string;
      try {
        stat = await readText(`/proc/${pid}/stat`);
      } catch {
        return null;
      }
      const parsed = parseProcStat(stat);
      // Z (zombie) and X (dead) have exited: nothing to signal, nothing running.
      if (!parsed || parsed.state === 'Z' || parsed.state === 'X') return null;
      bootId ??= readText('/proc/sys/kernel/random/boot_id').then((id) => id.trim(), () => 'unknown-boot');
      return `${parsed.startTicks}@${await bootId}`;
    },
    kill: killProcess,
  };
}

/** macOS (and other BSD-style ps): `ps -o stat= -o lstart= -p PID`. */
export function psProcessTable(run: RunCommand = runForOutput): ProcessTable {
  return {
    async startTimeOf(pid) {
      const out = (await run('ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)]))?.trim();
      if (!out) return null;
      const [state = '', ...started] = out.split(/\s+/);
      if (state.startsWith('Z') || started.length === 0) return null;
      return started.join(' ');
    },
    kill: killProcess,
  };
}

/** Windows, best effort: the process's StartTime in UTC ticks via PowerShell (slow, but only used at start and stop). */
export function windowsProcessTable(run: RunCommand = runForOutput): ProcessTable {
  return {
    async startTimeOf(pid) {
      const script = `(Get-Process -Id ${pid} -ErrorAction Stop).StartTime.ToUniversalTime().Ticks`;
      const out = (await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]))?.trim();
      return out && /^\d+$/.test(out) ? out : null;
    },
    kill: killProcess,
  };
}

export function hostProcessTable(): ProcessTable {
  if (process.platform === 'linux') return linuxProcessTable();
  if (process.platform === 'win32') return windowsProcessTable();
  return psProcessTable();
}

function killProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
