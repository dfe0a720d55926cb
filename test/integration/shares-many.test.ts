/**
 * Many shares with long paths: more than the kernel command line could list
 * (2,048 bytes), so the list reaches the guest another way (a fw_cfg file).
 * One VM boot (TCG here): every folder is mounted, at its own path.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareMechanism } from '../../preload/contract';
import { hostMechanismFacts, mechanismsOnHost } from '../../main/core/sharing/mechanism';
import { runBerth } from '../fixtures/berth-cli';

const COUNT = 12;
/** The mechanisms this host can run (as in shares.test.ts). */
const MECHANISMS = mechanismsOnHost(hostMechanismFacts())
  .filter((m) => m.available)
  .map((m) => m.name as ShareMechanism);

describe.each(MECHANISMS)('many shares over %s', (mechanism: ShareMechanism) => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let folders: string[];
  const berth = (...args: string[]) => runBerth(env, args, 240_000);

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'berth-many-shares-'));
    // ~190 bytes each: twelve of them are more than the kernel command line holds.
    folders = Array.from({ length: COUNT }, (_, i) => path.join(home, `${'a long folder name, with spaces and commas/'.repeat(4)}${i}`));
    for (const folder of folders) {
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'which.txt'), `folder ${folders.indexOf(folder)}\n`);
    }
    const { DOCKER_HOST: _hostEngine, ...inherited } = process.env;
    env = { ...inherited, BERTH_HOME: home, DOCKER_CONFIG: path.join(home, 'docker-config') };
    const settings = { shareMechanism: mechanism, cpus: '2', memoryMiB: '2048', diskGiB: '8', shares: JSON.stringify(folders.map((hostPath) => ({ hostPath, writable: true }))) };
    for (const [key, value] of Object.entries(settings)) expect((await berth('settings', 'set', key, value)).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await berth('stop');
    await rm(home, { recursive: true, force: true });
  }, 120_000);

  it(`mounts ${COUNT} shares whose paths together overflow the kernel command line`, async () => {
    expect(folders.reduce((bytes, folder) => bytes + Buffer.byteLength(folder), 0)).toBeGreaterThan(2_048);
    const started = await berth('start', '--backend', 'qemu');
    expect(started.code).toBe(0);
    const report = JSON.parse((await berth('shares', '--json')).stdout) as { shares: { hostPath: string; state: string }[] };
    expect(report.shares.map((row) => [row.hostPath, row.state])).toEqual(folders.map((folder) => [folder, 'mounted']));
    // Each at its own path, with its own files.
    const quoted = folders.map((folder) => `'${path.join(folder, 'which.txt')}'`).join(' ');
    const { stdout } = await berth('shell', `cat ${quoted}`);
    expect(stdout).toBe(folders.map((_, i) => `folder ${i}\n`).join(''));
  }, 300_000);
});
