import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePaths, type BerthPaths } from '../../main/core/paths';
import { BerthLog } from '../../main/core/troubleshoot/berth-log';
import { readLogExcerpt, tailFile } from '../../main/core/troubleshoot/log-sources';

let dir: string;
let paths: BerthPaths;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-logsrc-'));
  paths = resolvePaths({ platform: 'linux', env: { BERTH_HOME: dir }, home: dir, uid: 1000, tmpdir: dir });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const deps = (overrides: Partial<Parameters<typeof readLogExcerpt>[2]> = {}) => ({
  paths,
  berthLog: new BerthLog({ logsDir: null }),
  backend: () => null,
  run: async () => null,
  ...overrides,
});

describe('tailFile', () => {
  it('gives the last lines, says when earlier ones were left out, and null for no file', async () => {
    const file = path.join(dir, 'x.log');
    await writeFile(file, 'one\r\ntwo\nthree\nfour\n');
    expect(await tailFile(file, 2)).toEqual({ lines: ['three', 'four'], truncated: true });
    expect(await tailFile(file, 10)).toEqual({ lines: ['one', 'two', 'three', 'four'], truncated: false });
    expect(await tailFile(path.join(dir, 'none.log'), 10)).toBeNull();
  });
});

describe('readLogExcerpt', () => {
  it("reads the VM's serial log, or says the VM never started", async () => {
    expect(await readLogExcerpt('serial', 100, deps())).toMatchObject({
      lines: [],
      note: "No VM log yet: Berth's VM has not been started on this machine.",
    });
    const vmDir = path.join(paths.stateDir, 'vms', 'default');
    await mkdir(vmDir, { recursive: true });
    await writeFile(path.join(vmDir, 'serial.log'), 'Linux version 6.12\nBERTH-READY docker=28.0.0\n');
    expect(await readLogExcerpt('serial', 100, deps())).toEqual({
      source: 'serial',
      path: path.join(vmDir, 'serial.log'),
      lines: ['Linux version 6.12', 'BERTH-READY docker=28.0.0'],
      truncated: false,
      note: null,
    });
  });

  it("native backend: the host journal's docker lines, or where to look when there are none", async () => {
    const journal = async (command: string, args: string[]) =>
      command === 'journalctl' && args.includes('docker.service') ? '-- Logs begin --\nDec 04 dockerd[1]: API listen\n' : null;
    const found = await readLogExcerpt('engine', 100, deps({ backend: () => 'native', run: journal }));
    // Only Linux has a systemd journal to ask; elsewhere the note says where to look.
    expect(found.lines).toEqual(process.platform === 'linux' ? ['Dec 04 dockerd[1]: API listen'] : []);
    const none = await readLogExcerpt('engine', 100, deps({ backend: () => 'native' }));
    expect(none.lines).toEqual([]);
    expect(none.note).toMatch(/journalctl -u docker\.service/);
  });

  it("Berth's own log comes from its ring", async () => {
    const berthLog = new BerthLog({ logsDir: null, now: () => new Date('2026-12-04T00:00:00Z') });
    berthLog.log('engine running');
    expect((await readLogExcerpt('berth', 10, deps({ berthLog }))).lines).toEqual(['2026-12-04T00:00:00.000Z INFO  engine running']);
  });
});
