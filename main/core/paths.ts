/**
 * Where Berth keeps things on each OS. BERTH_HOME moves settings, state, logs
 * and runtime sockets under one folder (tests use it); the guest-image cache
 * stays in the user's cache dir unless BERTH_CACHE_DIR says otherwise.
 */
import os from 'node:os';
import path from 'node:path';

export interface BerthPaths {
  configDir: string;
  settingsFile: string;
  stateDir: string;
  logsDir: string;
  runtimeDir: string;
  /** The control socket the `berth` CLI uses to reach a running Berth. */
  controlSocket: string;
  cacheDir: string;
}

export interface PathInputs {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  uid: number;
  tmpdir: string;
}

export function resolvePaths(input: PathInputs): BerthPaths {
  const { platform, env, home } = input;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const cacheDir = env.BERTH_CACHE_DIR || defaultCacheDir(input, p);
  const userTag = platform === 'win32' ? (env.USERNAME ?? 'user') : String(input.uid);

  if (env.BERTH_HOME) {
    const root = p.resolve(env.BERTH_HOME);
    const runtimeDir = p.join(root, 'run');
    return {
      configDir: root,
      settingsFile: p.join(root, 'settings.json'),
      stateDir: p.join(root, 'state'),
      logsDir: p.join(root, 'logs'),
      runtimeDir,
      controlSocket: controlSocketPath(platform, runtimeDir, `home-${hash(root)}`),
      cacheDir,
    };
  }

  let configDir: string, stateDir: string, logsDir: string, runtimeDir: string;
  if (platform === 'darwin') {
    const support = p.join(home, 'Library', 'Application Support', 'Berth');
    configDir = support;
    stateDir = p.join(support, 'state');
    logsDir = p.join(home, 'Library', 'Logs', 'Berth');
    // Unix socket paths are limited to 104 bytes on macOS: keep this one short.
    runtimeDir = p.join(home, '.berth', 'run');
  } else if (platform === 'win32') {
    const roaming = env.APPDATA || p.join(home, 'AppData', 'Roaming');
    const local = env.LOCALAPPDATA || p.join(home, 'AppData', 'Local');
    configDir = p.join(roaming, 'Berth');
    stateDir = p.join(local, 'Berth', 'state');
    logsDir = p.join(local, 'Berth', 'logs');
    runtimeDir = p.join(local, 'Berth', 'run');
  } else {
    configDir = p.join(env.XDG_CONFIG_HOME || p.join(home, '.config'), 'berth');
    stateDir = p.join(env.XDG_STATE_HOME || p.join(home, '.local', 'state'), 'berth');
    logsDir = p.join(stateDir, 'logs');
    runtimeDir = env.XDG_RUNTIME_DIR
      ? p.join(env.XDG_RUNTIME_DIR, 'berth')
      : p.join(input.tmpdir, `berth-${input.uid}`);
  }
  return {
    configDir,
    settingsFile: p.join(configDir, 'settings.json'),
    stateDir,
    logsDir,
    runtimeDir,
    controlSocket: controlSocketPath(platform, runtimeDir, userTag),
    cacheDir,
  };
}

function defaultCacheDir(input: PathInputs, p: typeof path.posix): string {
  const { platform, env, home } = input;
  if (platform === 'darwin') return p.join(home, 'Library', 'Caches', 'Berth');
  if (platform === 'win32') return p.join(env.LOCALAPPDATA || p.join(home, 'AppData', 'Local'), 'Berth', 'cache');
  return p.join(env.XDG_CACHE_HOME || p.join(home, '.cache'), 'berth');
}

function controlSocketPath(platform: NodeJS.Platform, runtimeDir: string, tag: string): string {
  return platform === 'win32' ? `\\\\.\\pipe\\berth-${tag}` : path.posix.join(runtimeDir, 'berth.sock');
}

/** A short stable tag, so two BERTH_HOMEs on Windows get two pipes. */
function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

export function hostPaths(env: NodeJS.ProcessEnv = process.env): BerthPaths {
  return resolvePaths({
    platform: process.platform,
    env,
    home: os.homedir(),
    uid: typeof process.getuid === 'function' ? process.getuid() : 0,
    tmpdir: os.tmpdir(),
  });
}
