import { describe, expect, it } from 'vitest';
import { resolvePaths, type PathInputs } from '../../main/core/paths';

const linux: PathInputs = { platform: 'linux', env: {}, home: '/home/dev', uid: 1000, tmpdir: '/tmp' };

describe('paths', () => {
  it('follows XDG on Linux', () => {
    const p = resolvePaths({ ...linux, env: { XDG_RUNTIME_DIR: '/run/user/1000' } });
    expect(p.settingsFile).toBe('/home/dev/.config/berth/settings.json');
    expect(p.logsDir).toBe('/home/dev/.local/state/berth/logs');
    expect(p.controlSocket).toBe('/run/user/1000/berth/berth.sock');
    expect(p.cacheDir).toBe('/home/dev/.cache/berth');
    expect(resolvePaths(linux).runtimeDir).toBe('/tmp/berth-1000');
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(resolvePaths({ ...linux, platform: 'darwin', home: '/Users/dev' }).settingsFile).toBe(
      '/Users/dev/Library/Application Support/Berth/settings.json',
    );
    const win = resolvePaths({
      ...linux,
      platform: 'win32',
      home: 'C:\\Users\\dev',
      env: { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming', USERNAME: 'dev' },
    });
    expect(win.settingsFile).toBe('C:\\Users\\dev\\AppData\\Roaming\\Berth\\settings.json');
    expect(win.controlSocket).toBe('\\\\.\\pipe\\berth-dev');
  });

  it('moves settings, state, logs and sockets under BERTH_HOME, but not the image cache', () => {
    const p = resolvePaths({ ...linux, env: { BERTH_HOME: '/tmp/t1' } });
    expect([p.settingsFile, p.stateDir, p.logsDir, p.controlSocket]).toEqual([
      '/tmp/t1/settings.json',
      '/tmp/t1/state',
      '/tmp/t1/logs',
      '/tmp/t1/run/berth.sock',
    ]);
    expect(p.cacheDir).toBe('/home/dev/.cache/berth');
    expect(resolvePaths({ ...linux, env: { BERTH_HOME: '/tmp/t1', BERTH_CACHE_DIR: '/c' } }).cacheDir).toBe('/c');
  });
});
