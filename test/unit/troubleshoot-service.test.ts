import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineService } from '../../main/core/engine/engine-service';
import { resolvePaths, type BerthPaths } from '../../main/core/paths';
import { hostFacts } from '../../main/core/settings/schema';
import { SettingsStore } from '../../main/core/settings/store';
import { BerthLog } from '../../main/core/troubleshoot/berth-log';
import { readTar } from '../../main/core/troubleshoot/tar-gz';
import { TroubleshootService } from '../../main/core/troubleshoot/troubleshoot-service';

let dir: string;
let paths: BerthPaths;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-ts-'));
  paths = resolvePaths({ platform: 'linux', env: { BERTH_HOME: dir }, home: dir, uid: 1000, tmpdir: dir });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A stopped engine: the bundle is made from files and memory only.
const stoppedEngine = {
  getStatus: () => ({ state: 'stopped', backend: null, dockerHost: null, progress: null, error: null, warnings: [], vm: null }),
} as unknown as EngineService;

async function service(chooseSavePath?: (name: string) => Promise<string | null>) {
  const settings = await SettingsStore.load(paths.settingsFile, hostFacts());
  return new TroubleshootService({
    paths,
    settings,
    engine: stoppedEngine,
    berthLog: new BerthLog({ logsDir: paths.logsDir }),
    resourcesDir: null,
    resolveAuto: async () => 'qemu',
    chooseSavePath,
    run: async () => null,
  });
}

describe('TroubleshootService', () => {
  it('makes a bundle while the engine is stopped, saying why docker info is missing', async () => {
    const bundle = await (await service()).createBundle();
    expect(bundle.path).toBe(path.join(paths.stateDir, 'diagnostics', bundle.fileName));
    const files = readTar(gunzipSync(await readFile(bundle.path)));
    expect(files.map((f) => f.name)).toEqual(bundle.entries);
    const info = files.find((f) => f.name.endsWith('/docker-info.txt'));
    expect(info?.content.toString()).toBe('The engine is stopped: no `docker info`.\n');
  });

  it('saves through the host dialog, does nothing when cancelled, and is refused without a dialog', async () => {
    const target = path.join(dir, 'saved.tar.gz');
    let answer: string | null = target;
    const asked: string[] = [];
    const withDialog = await service(async (name) => {
      asked.push(name);
      return answer;
    });
    const bundle = await withDialog.createBundle();
    expect(await withDialog.saveBundle(bundle.fileName)).toEqual({ savedTo: target });
    expect(asked).toEqual([bundle.fileName]);
    expect((await readFile(target)).equals(await readFile(bundle.path))).toBe(true);
    answer = null;
    expect(await withDialog.saveBundle(bundle.fileName)).toEqual({ savedTo: null });
    await expect((await service()).saveBundle(bundle.fileName)).rejects.toMatchObject({ code: 'not-supported' });
    await expect(withDialog.saveBundle('berth-diagnostics-20000101-000000.tar.gz')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps the five newest bundles', async () => {
    const troubleshoot = await service();
    const bundles = path.join(paths.stateDir, 'diagnostics');
    await troubleshoot.createBundle();
    for (let i = 0; i < 6; i++) {
      const name = path.join(bundles, `berth-diagnostics-2000010${i}-000000.tar.gz`);
      await writeFile(name, 'old');
      await utimes(name, new Date(2000, 0, i + 1), new Date(2000, 0, i + 1));
    }
    const newest = await troubleshoot.createBundle();
    const left = (await readdir(bundles)).sort();
    expect(left).toHaveLength(5);
    expect(left).toContain(newest.fileName);
    expect(left).not.toContain('berth-diagnostics-20000100-000000.tar.gz');
  });
});
