import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../main/core/events';
import { migrate, NewerSettingsError } from '../../main/core/settings/migrations';
import { CURRENT_SETTINGS_VERSION, defaultSettings } from '../../main/core/settings/schema';
import { SettingsStore } from '../../main/core/settings/store';
import { impactOfChange, type SettingsSnapshot } from '../../preload/contract';

const host = { cpus: 2, memoryMiB: 8192, home: '/home/dev' };
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-settings-'));
  file = path.join(dir, 'settings.json');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('settings store', () => {
  it('starts from the defaults when there is no file, and writes nothing', async () => {
    const store = await SettingsStore.load(file, host);
    expect(store.get()).toEqual(defaultSettings(host));
    expect(await readdir(dir)).toEqual([]);
  });

  it('persists an accepted change and reads it back', async () => {
    const store = await SettingsStore.load(file, host);
    const result = await store.update({ cpus: 1, theme: 'dark' });
    // Nothing runs, so nothing restarts: the change applies at the next start.
    expect(result.impact).toBe('none');
    const again = await SettingsStore.load(file, host);
    expect(again.get()).toMatchObject({ cpus: 1, theme: 'dark', version: CURRENT_SETTINGS_VERSION });
  });

  it('refuses out-of-range input with the field and range, leaving the file byte-identical', async () => {
    const store = await SettingsStore.load(file, host);
    await store.update({ cpus: 2 });
    const before = await readFile(file);
    await expect(store.update({ cpus: -1 })).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'cpus must be a whole number from 1 to 2 (got -1)',
    });
    await expect(store.update({ memoryMiB: 'lots' })).rejects.toThrow(/memoryMiB must be a whole number from 512 to 7168 MiB/);
    await expect(store.update({ backend: 'vmware' })).rejects.toThrow('backend must be one of: auto, native, qemu');
    await expect(store.update({ colour: 'red' })).rejects.toThrow(/unknown setting "colour"/);
    await expect(store.update({ version: 7 })).rejects.toThrow(/unknown setting "version"/);
    await expect(store.update({ shares: [{ hostPath: 'relative', writable: true }] })).rejects.toThrow(/absolute/);
    await expect(store.update({ shares: [{ hostPath: '/', writable: true }] })).rejects.toThrow(/cannot be the filesystem root/);
    const tooMany = Array.from({ length: 25 }, (_, i) => ({ hostPath: `/srv/f${i}`, writable: true }));
    await expect(store.update({ shares: tooMany })).rejects.toThrow('shares may list at most 24 folders (each is a device in the VM); share a folder that holds several instead');
    await expect(store.update({ fileWatchIgnore: ['src/generated'] })).rejects.toThrow('fileWatchIgnore entries must be file or folder names (no /), e.g. "node_modules"');
    await expect(store.update({ fileWatchIgnore: 'node_modules' })).rejects.toThrow(/fileWatchIgnore must be a list of names/);
    expect(await readFile(file)).toEqual(before);
    expect(store.get().cpus).toBe(2);
  });

  it('saves each share path in its normal form, so the same folder written two ways is refused as a duplicate', async () => {
    const store = await SettingsStore.load(file, host);
    await expect(
      store.update({ shares: [{ hostPath: '/tmp/a', writable: true }, { hostPath: '/tmp/a/', writable: true }] }),
    ).rejects.toThrow('shares must not list the same hostPath twice');
    await expect(
      store.update({ shares: [{ hostPath: '/tmp//a', writable: true }, { hostPath: '/tmp/b/../a', writable: false }] }),
    ).rejects.toThrow('shares must not list the same hostPath twice');
    await expect(store.update({ shares: [{ hostPath: '/tmp/..', writable: true }] })).rejects.toThrow(/cannot be the filesystem root/);
    await expect(store.update({ shares: [{ hostPath: '//', writable: true }] })).rejects.toThrow(/cannot be the filesystem root/);

    await store.update({
      shares: [
        { hostPath: '/srv//data/./x/../', writable: true },
        { hostPath: 'C:\\Users\\dev\\', writable: false },
      ],
    });
    const saved = [
      { hostPath: '/srv/data', writable: true },
      // Windows paths are kept as given.
      { hostPath: 'C:\\Users\\dev\\', writable: false },
    ];
    expect(store.get().shares).toEqual(saved);
    expect(JSON.parse(await readFile(file, 'utf8')).shares).toEqual(saved);
  });

  it('merges a folder an older file listed twice (written two ways) instead of dropping every share', async () => {
    await writeFile(file, JSON.stringify({ version: 1, shares: [{ hostPath: '/srv/a', writable: true }, { hostPath: '/srv/b', writable: false }, { hostPath: '/srv/a/', writable: false }] }));
    const store = await SettingsStore.load(file, host);
    expect(store.get().shares).toEqual([{ hostPath: '/srv/a', writable: true }, { hostPath: '/srv/b', writable: false }]);
    expect(store.snapshot().warnings.join('\n')).toContain('shares listed /srv/a/ a second time; kept the first entry for that folder');
  });

  it('keeps a file that does not parse aside as .bak, loads defaults and warns', async () => {
    await writeFile(file, '{"cpus": 2,,, oops');
    const store = await SettingsStore.load(file, host);
    expect(store.get()).toEqual(defaultSettings(host));
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"cpus": 2,,, oops');
    const [warning] = store.snapshot().warnings;
    expect(warning).toContain('did not parse');
    expect(warning).toContain(`${file}.bak`);
    // A second corrupt file does not overwrite the first backup.
    await writeFile(file, 'garbage');
    await SettingsStore.load(file, host);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"cpus": 2,,, oops');
    expect(await readFile(`${file}.1.bak`, 'utf8')).toBe('garbage');
  });

  it('keeps valid fields of a partly invalid file, resets the rest, and keeps the original', async () => {
    await writeFile(file, JSON.stringify({ version: 1, cpus: 64, theme: 'dark', extra: true }));
    const store = await SettingsStore.load(file, host);
    expect(store.get()).toMatchObject({ cpus: defaultSettings(host).cpus, theme: 'dark' });
    expect(store.snapshot().warnings.join('\n')).toMatch(/cpus must be a whole number from 1 to 2 \(got 64\)/);
    expect(JSON.parse(await readFile(`${file}.bak`, 'utf8'))).toMatchObject({ cpus: 64 });
  });

  it('refuses to read a file from a newer Berth, keeping it aside', async () => {
    await writeFile(file, JSON.stringify({ version: 99, cpus: 1 }));
    const store = await SettingsStore.load(file, host);
    expect(store.snapshot().warnings[0]).toMatch(/newer Berth/);
    expect(await readFile(`${file}.bak`, 'utf8')).toContain('"version":99');
  });

  it('migrates an unversioned file', async () => {
    await writeFile(file, JSON.stringify({ cpus: 1 }));
    const store = await SettingsStore.load(file, host);
    expect(store.get()).toMatchObject({ cpus: 1, version: CURRENT_SETTINGS_VERSION });
    expect(store.snapshot().warnings).toEqual([]);
  });

  it('reports a pending restart only while the engine runs with older settings', async () => {
    const bus = new EventBus();
    const seen: SettingsSnapshot[] = [];
    bus.on('settings:snapshot-changed', (s) => seen.push(s));
    const store = await SettingsStore.load(file, host, bus);
    await store.update({ cpus: 1 });
    expect(store.snapshot().pendingRestart).toBe('none');
    store.markApplied('qemu');
    await store.update({ theme: 'light' });
    expect(store.snapshot().pendingRestart).toBe('none');
    await store.update({ backend: 'native' });
    expect(store.snapshot().pendingRestart).toBe('engine-restart');
    await store.update({ memoryMiB: 1024 });
    expect(seen.at(-1)!.pendingRestart).toBe('vm-restart');
    store.clearApplied();
    expect(seen.at(-1)!.pendingRestart).toBe('none');
  });

  it('does not ask to restart a VM that the native backend does not have', async () => {
    const store = await SettingsStore.load(file, host);
    store.markApplied('native');
    const result = await store.update({ cpus: 1, memoryMiB: 1024 });
    expect(result.impact).toBe('none');
    expect(result.pendingRestart).toBe('none');
    expect((await store.update({ backend: 'qemu' })).impact).toBe('engine-restart');
  });

  it('serialises concurrent updates so none is lost', async () => {
    const store = await SettingsStore.load(file, host);
    await Promise.all([store.update({ cpus: 1 }), store.update({ theme: 'dark' }), store.update({ diskGiB: 100 })]);
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk).toMatchObject({ cpus: 1, theme: 'dark', diskGiB: 100 });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('settings files in odd states', () => {
  it('merges changes made by two processes at once instead of losing one', async () => {
    const first = await SettingsStore.load(file, host);
    const second = await SettingsStore.load(file, host);
    await Promise.all([
      first.update({ theme: 'dark' }),
      second.update({ cpus: 1 }),
      first.update({ startAtLogin: true }),
      second.update({ diskGiB: 100 }),
    ]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ theme: 'dark', cpus: 1, startAtLogin: true, diskGiB: 100 });
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('starts with defaults and a warning when settings.json is a directory', async () => {
    await mkdir(file);
    const store = await SettingsStore.load(file, host);
    expect(store.get()).toEqual(defaultSettings(host));
    expect(store.snapshot().warnings[0]).toMatch(/Cannot read .*settings\.json \(EISDIR\); using the defaults/);
    await expect(store.update({ cpus: 1 })).rejects.toThrow(/Could not save the settings to .*settings\.json/);
  });

  it('names settings.json, not a temp file, when it cannot save', async () => {
    await writeFile(path.join(dir, 'not-a-folder'), '');
    const store = await SettingsStore.load(path.join(dir, 'not-a-folder', 'settings.json'), host);
    await expect(store.update({ cpus: 1 })).rejects.toThrow(/^Could not save the settings to .*not-a-folder\/settings\.json \(E\w+\); nothing was changed\.$/);
  });

  it('reads a file that starts with a byte-order mark', async () => {
    await writeFile(file, `\uFEFF${JSON.stringify({ version: 1, theme: 'dark' })}`);
    const store = await SettingsStore.load(file, host);
    expect(store.get().theme).toBe('dark');
    expect(store.snapshot().warnings).toEqual([]);
  });

  it('keeps huge bad values out of its messages', async () => {
    const store = await SettingsStore.load(file, host);
    const error = await store.update({ theme: 'x'.repeat(1_000_000) }).catch((e: Error) => e);
    expect((error as Error).message.length).toBeLessThan(200);
  });
});

describe('migrations', () => {
  const table = {
    1: (d: Record<string, unknown>) => ({ ...d }),
    2: (d: Record<string, unknown>) => {
      const { memory, ...rest } = d;
      return { ...rest, memoryMiB: memory };
    },
  };

  it('runs each step in order from the file version', () => {
    expect(migrate({ memory: 2048 }, 2, table)).toEqual({ memoryMiB: 2048, version: 2 });
    expect(migrate({ version: 1, memory: 1 }, 2, table)).toEqual({ memoryMiB: 1, version: 2 });
    expect(migrate({ version: 2, memoryMiB: 5 }, 2, table)).toEqual({ version: 2, memoryMiB: 5 });
  });

  it('refuses to downgrade', () => {
    expect(() => migrate({ version: 3 }, 2, table)).toThrow(NewerSettingsError);
  });
});

describe('restart impact', () => {
  it('is the worst impact among changed fields', () => {
    const base = defaultSettings(host);
    expect(impactOfChange(base, { ...base, theme: 'dark' })).toBe('none');
    expect(impactOfChange(base, { ...base, theme: 'dark', backend: 'native' })).toBe('engine-restart');
    expect(impactOfChange(base, { ...base, shares: [] })).toBe('vm-restart');
    expect(impactOfChange(base, { ...base })).toBe('none');
  });

  it('depends on the engine that runs now', () => {
    const base = defaultSettings(host);
    const more = { ...base, cpus: 1, backend: 'qemu' as const };
    expect(impactOfChange(base, more, null)).toBe('none');
    expect(impactOfChange(base, { ...base, cpus: 1 }, 'native')).toBe('none');
    expect(impactOfChange(base, more, 'native')).toBe('engine-restart');
    expect(impactOfChange(base, more, 'qemu')).toBe('vm-restart');
  });
});
