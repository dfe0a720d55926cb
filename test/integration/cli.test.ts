/**
 * The `berth` command as a user runs it (the built dist/cli.cjs), against a
 * real engine, alone and talking to a running `berth web` through the
 * control socket.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = path.resolve('dist/cli.cjs');
const name = `berth-cli-test-${process.pid}`;
let home: string;
let env: NodeJS.ProcessEnv;

async function berth(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const docker = (...args: string[]) => run('docker', args, { env, timeout: 30_000 });

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-cli-'));
  env = { ...process.env, BERTH_HOME: home };
  await docker('run', '-d', '--name', name, 'berth-test/busybox', 'sh', '-c', 'echo cli-marker-out; echo cli-marker-err >&2; sleep 300');
});

afterAll(async () => {
  await docker('rm', '-f', name).catch(() => undefined);
  await rm(home, { recursive: true, force: true });
});

describe('berth CLI without a running Berth', () => {
  it('reports the engine and the DOCKER_HOST to use', async () => {
    const { code, stdout } = await berth('status', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ state: 'running', backend: 'native', dockerHost: process.env.DOCKER_HOST });
  });

  it('lists a container made by the docker CLI', async () => {
    const { code, stdout } = await berth('ps', '--all', '--json');
    expect(code).toBe(0);
    const found = (JSON.parse(stdout) as { name: string; state: string; image: string }[]).find((c) => c.name === name);
    expect(found).toMatchObject({ state: 'running', image: 'berth-test/busybox' });
    const table = await berth('ps');
    expect(table.stdout).toMatch(new RegExp(`^NAME\\s+STATE`, 'm'));
    expect(table.stdout).toContain(name);
  });

  it('prints logs, stderr on stderr', async () => {
    const { code, stdout, stderr } = await berth('logs', name);
    expect(code).toBe(0);
    expect(stdout).toBe('cli-marker-out\n');
    expect(stderr).toBe('cli-marker-err\n');
  });

  it('refuses a bad setting with a message naming the field and leaves the file byte-identical', async () => {
    expect((await berth('settings', 'set', 'cpus', '1')).code).toBe(0);
    const file = path.join(home, 'settings.json');
    const before = await readFile(file);
    const { code, stderr } = await berth('settings', 'set', 'cpus', '-1');
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^berth: cpus must be a whole number from 1 to \d+ \(got -1\)$/m);
    expect(await readFile(file)).toEqual(before);
    expect((await berth('settings', 'get', 'cpus')).stdout.trim()).toBe('1');
  });

  it('sets a string setting from a plain word and a list from JSON', async () => {
    expect((await berth('settings', 'set', 'theme', 'dark')).code).toBe(0);
    const shares = JSON.stringify([{ hostPath: home, writable: true }]);
    const set = await berth('settings', 'set', 'shares', shares);
    expect(set.stdout).toContain('applies');
    const all = JSON.parse((await berth('settings', 'get', '--json')).stdout);
    expect(all).toMatchObject({ theme: 'dark', shares: [{ hostPath: home, writable: true }] });
  });

  it('says not-found for an unknown container, in one line', async () => {
    const { code, stderr } = await berth('logs', 'no-such-container-xyz');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^berth: .*no-such-container-xyz.*\n$/i);
  });

  it('exits 2 with usage help for an unknown command', async () => {
    const { code, stderr } = await berth('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command');
  });
});

describe('berth CLI with `berth web` running', () => {
  let web: ChildProcess;

  beforeAll(async () => {
    web = spawn(process.execPath, [cli, 'web'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('berth web printed no URL')), 20_000);
      createInterface({ input: web.stdout! }).on('line', (line) => {
        if (line.includes('http://127.0.0.1:')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  });

  afterAll(() => {
    if (web.exitCode === null) web.kill('SIGKILL');
  });

  it('drives the running Berth: stop and start show in its status', async () => {
    const stop = await berth('stop', '--json');
    expect(stop.code).toBe(0);
    expect(JSON.parse(stop.stdout)).toMatchObject({ state: 'stopped' });
    const stopped = await berth('status', '--json');
    expect(stopped.code).toBe(1);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ state: 'stopped' });
    const start = await berth('start');
    expect(start.code).toBe(0);
    expect(start.stderr).toContain('Connecting to the Docker Engine');
    expect(JSON.parse((await berth('status', '--json')).stdout)).toMatchObject({ state: 'running' });
  });

  it('leaves no control socket behind when it exits, and the CLI works alone again', async () => {
    const socket = path.join(home, 'run', 'berth.sock');
    await expect(stat(socket)).resolves.toBeTruthy();
    const exited = new Promise((resolve) => web.once('exit', resolve));
    web.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(stat(socket)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await berth('status')).code).toBe(0);
  });
});

describe('berth start with no Berth running', () => {
  it('starts one in the background that `berth stop` ends, leaving nothing behind', async () => {
    const socket = path.join(home, 'run', 'berth.sock');
    const start = await berth('start');
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('Engine:       running (native)');
    await expect(stat(socket)).resolves.toBeTruthy();
    const daemonPid = Number((await readFile(path.join(home, 'logs', 'berth-daemon.log'), 'utf8')).match(/daemon (\d+) serving/g)!.at(-1)!.split(' ')[1]);
    expect(() => process.kill(daemonPid, 0)).not.toThrow();

    // A second host for the same BERTH_HOME is refused with a one-line reason.
    const second = await berth('web');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^berth: Berth is already running/);

    const stop = await berth('stop', '--json');
    expect(JSON.parse(stop.stdout)).toMatchObject({ state: 'stopped' });
    await expect.poll(() => stat(socket).then(() => 'present', () => 'gone'), { timeout: 10_000 }).toBe('gone');
    await expect.poll(() => { try { process.kill(daemonPid, 0); return 'alive'; } catch { return 'exited'; } }, { timeout: 10_000 }).toBe('exited');
  });
});
