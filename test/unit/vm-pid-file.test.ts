import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  hostProcessTable,
  isSameProcess,
  linuxProcessTable,
  parseProcStat,
  psProcessTable,
  readPidFile,
  recordProcess,
  signalIfOurs,
  writePidFile,
  type PidRecord,
  type ProcessTable,
} from '../../main/core/vm/pid-file';

/** A stat line with the given name, state and starttime (field 22). */
function statLine(comm: string, state: string, startTicks: number): string {
  const middle = Array.from({ length: 18 }, (_, i) => String(i + 4)).join(' '); // fields 4..21
  return `4242 (${comm}) ${state} ${middle} ${startTicks} 4595712 431\n`;
}

describe('parseProcStat', () => {
  it.each([
    ['qemu-system-x86', 'S', 150357],
    ['a b c', 'R', 7],
    ['evil) S 1 2 3', 'S', 99],
    ['((', 'Z', 12],
  ])('reads state and starttime after the last ")" when the name is %j', (comm, state, ticks) => {
    expect(parseProcStat(statLine(comm, state, ticks))).toEqual({ state, startTicks: String(ticks) });
  });

  it.each(['', 'garbage', '1 (x) S 1 2'])('returns null for %j', (stat) => {
    expect(parseProcStat(stat)).toBeNull();
  });
});

describe('linuxProcessTable', () => {
  const files = (entries: Record<string, string>) => async (file: string) => {
    if (file in entries) return entries[file]!;
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  };

  it('ties the start time to the boot, so the same ticks after a reboot do not match', async () => {
    const stat = statLine('qemu-system-x86', 'S', 5000);
    const before = linuxProcessTable(files({ '/proc/4242/stat': stat, '/proc/sys/kernel/random/boot_id': 'boot-a\n' }));
    const after = linuxProcessTable(files({ '/proc/4242/stat': stat, '/proc/sys/kernel/random/boot_id': 'boot-b\n' }));
    expect(await before.startTimeOf(4242)).toBe('5000@boot-a');
    expect(await after.startTimeOf(4242)).not.toBe(await before.startTimeOf(4242));
  });

  it('sees no process for a missing PID or a zombie', async () => {
    const table = linuxProcessTable(files({ '/proc/4242/stat': statLine('qemu', 'Z', 5000), '/proc/sys/kernel/random/boot_id': 'b' }));
    expect(await table.startTimeOf(4242)).toBeNull();
    expect(await table.startTimeOf(1111)).toBeNull();
  });
});

describe('psProcessTable (macOS)', () => {
  it('uses lstart as the start time and treats zombies and absent processes as gone', async () => {
    const answers: Record<string, string | null> = { '10': 'Ss   Tue Dec  3 12:28:01 2024\n', '11': 'Z    Tue Dec  3 12:28:01 2024\n', '12': null };
    const table = psProcessTable(async (_command, args) => answers[args.at(-1)!] ?? null);
    expect(await table.startTimeOf(10)).toBe('Tue Dec 3 12:28:01 2024');
    expect(await table.startTimeOf(11)).toBeNull();
    expect(await table.startTimeOf(12)).toBeNull();
  });
});

describe('isSameProcess and signalIfOurs (fake table)', () => {
  const record: PidRecord = { pid: 4242, startTime: '5000@boot', executable: 'qemu-system-x86_64' };
  function fakeTable(startTime: string | null): ProcessTable & { signals: string[] } {
    const signals: string[] = [];
    return { signals, startTimeOf: async () => startTime, kill: (pid, signal) => (signals.push(`${pid}:${signal}`), true) };
  }

  it('signals the recorded process while it is alive with the same start time', async () => {
    const table = fakeTable('5000@boot');
    expect(await isSameProcess(record, table)).toBe(true);
    expect(await signalIfOurs(record, 'SIGTERM', table)).toBe(true);
    expect(table.signals).toEqual(['4242:SIGTERM']);
  });

  it.each([
    ['the process is gone', null],
    ['the PID now belongs to a process started later', '9000@boot'],
    ['the PID was reused after a reboot', '5000@other-boot'],
  ])('never signals when %s', async (_why, startTime) => {
    const table = fakeTable(startTime);
    expect(await isSameProcess(record, table)).toBe(false);
    expect(await signalIfOurs(record, 'SIGKILL', table)).toBe(false);
    expect(table.signals).toEqual([]);
  });
});

describe('pid file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-pid-'));
  });

  it('round-trips a record as JSON', async () => {
    const file = path.join(dir, 'qemu.pid');
    const record: PidRecord = { pid: 77, startTime: '123@b', executable: 'qemu-system-aarch64' };
    await writePidFile(file, record);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(record);
    expect(await readPidFile(file)).toEqual(record);
  });

  it('reads a missing file, a bare PID (QEMU-style) or garbage as "no record"', async () => {
    const file = path.join(dir, 'qemu.pid');
    expect(await readPidFile(file)).toBeNull();
    for (const text of ['4242\n', '{"pid": 4242}', '{"pid": -1, "startTime": "1", "executable": "q"}', '{oops']) {
      await writeFile(file, text);
      expect(await readPidFile(file)).toBeNull();
    }
  });
});

describe('against the real process table', () => {
  let child: ChildProcess;
  let exited: Promise<NodeJS.Signals | null>;
  beforeEach(() => {
    child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  });
  afterEach(() => {
    child.kill('SIGKILL');
  });

  it('never signals a live process whose start time differs, and signals the one it recorded', async () => {
    const table = hostProcessTable();
    const record = await recordProcess(child.pid!, 'node', table);
    const impostor: PidRecord = { ...record, startTime: `1${record.startTime}` };

    expect(await isSameProcess(impostor, table)).toBe(false);
    expect(await signalIfOurs(impostor, 'SIGTERM', table)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();

    expect(await isSameProcess(record, table)).toBe(true);
    expect(await signalIfOurs(record, 'SIGTERM', table)).toBe(true);
    expect(await exited).toBe('SIGTERM');
    expect(await isSameProcess(record, table)).toBe(false);
  });

  it('refuses to record a process that has already exited', async () => {
    child.kill('SIGKILL');
    await exited;
    await expect(recordProcess(child.pid!, 'node')).rejects.toMatchObject({ code: 'internal' });
  });
});
