import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { instancePaths, type InstancePaths } from '../../main/core/vm/instance-files';
import { writePidFile, type PidRecord, type ProcessTable } from '../../main/core/vm/pid-file';
import { clearStaleRun } from '../../main/core/vm/stale';

const record: PidRecord = { pid: 4242, startTime: '5000@boot', executable: 'qemu-system-x86_64' };
const table = (startTime: string | null): ProcessTable => ({
  startTimeOf: async (pid) => (pid === record.pid ? startTime : null),
  kill: () => {
    throw new Error('clearStaleRun must never signal anything');
  },
});

let paths: InstancePaths;
beforeEach(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'berth-stale-'));
  paths = instancePaths(path.join(root, 'state', 'default'), path.join(root, 'run'));
  await mkdir(paths.instanceDir, { recursive: true });
  await mkdir(paths.runtimeDir, { recursive: true });
});

/** What a killed run leaves: every run file, plus the files that must survive. */
async function leaveKilledRun(): Promise<void> {
  await writePidFile(paths.pidFile, record);
  for (const file of [paths.qmpSocket, paths.dockerSocket, paths.sshPort, paths.sharesFile, paths.dataDisk, paths.serialLog, paths.sshPrivateKey, paths.state]) {
    await writeFile(file, 'x');
  }
}

describe('clearStaleRun', () => {
  it('reports a run that is still ours as running and touches nothing', async () => {
    await leaveKilledRun();
    const before = [...(await readdir(paths.instanceDir)), ...(await readdir(paths.runtimeDir))];
    expect(await clearStaleRun(paths, table('5000@boot'))).toEqual({ state: 'running', record });
    expect([...(await readdir(paths.instanceDir)), ...(await readdir(paths.runtimeDir))]).toEqual(before);
  });

  it.each([
    ['its process is gone', null, 'is no longer running'],
    ['its PID now belongs to another process', '9999@boot', 'now belongs to another process'],
  ])('when %s, removes the pid file and sockets but keeps the disk, log, key and state', async (_why, startTime, note) => {
    await leaveKilledRun();
    const result = await clearStaleRun(paths, table(startTime));
    expect(result).toEqual({
      state: 'stopped',
      removed: [paths.pidFile, paths.qmpSocket, paths.dockerSocket, paths.sshPort, paths.sharesFile],
      note: expect.stringContaining(note),
    });
    expect((await readdir(paths.instanceDir)).sort()).toEqual(['data.img', 'id_ed25519', 'instance.json', 'serial.log']);
    expect(await readdir(paths.runtimeDir)).toEqual([]);
  });

  it('clears leftover sockets even without a pid file, and an unreadable pid file', async () => {
    await writeFile(paths.pidFile, 'not json');
    await writeFile(paths.qmpSocket, 'x');
    const result = await clearStaleRun(paths, table(null));
    expect(result).toEqual({ state: 'stopped', removed: [paths.pidFile, paths.qmpSocket], note: expect.stringContaining('not a readable pid record') });
  });

  it('reports nothing to do after a clean shutdown', async () => {
    expect(await clearStaleRun(paths, table(null))).toEqual({ state: 'stopped', removed: [], note: null });
  });
});
