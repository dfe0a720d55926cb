/**
 * The `berth` command as a user runs it (the built dist/cli.cjs), against a
 * real engine, alone and talking to a running `berth web` through the
 * control socket.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBerth } from '../fixtures/berth-cli';

const run = promisify(execFile);
const cli = path.resolve('dist/cli.cjs');
const name = `berth-cli-test-${process.pid}`;
let home: string;
let env: NodeJS.ProcessEnv;

const berth = (...args: string[]) => runBerth(env, args);

const docker = (...args: string[]) => run('docker', args, { env, timeout: 30_000 });

/** `berth` with more environment (another BERTH_HOME, a BERTH_TIMEOUT), timed, killed after `timeoutMs`. */
async function berthIn(
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...env, ...options.env },
      timeout: options.timeoutMs ?? 30_000,
    });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const e = error as { code: number | null; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, ms: Date.now() - started };
  }
}

/** `berth ARGS | (sleep 1; cat)`: a reader slower than the command, as in a shell pipeline. */
async function berthThroughSlowPipe(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const script = '("$0" "$@"; echo "berth exited $?" >&2) | (sleep 1; cat)';
  return run('sh', ['-c', script, process.execPath, cli, ...args], { env, timeout: 30_000, maxBuffer: 16 * 2 ** 20 });
}

/** A container that prints one 600,000-character line and then "after", and has exited. */
async function bigLineContainer(containerName: string): Promise<void> {
  await docker('run', '-d', '--name', containerName, 'berth-test/busybox', 'sh', '-c', 'head -c 600000 /dev/zero | tr "\\0" x; echo; echo after');
  await docker('wait', containerName);
}

function expectBigLine(stdout: string): void {
  // The engine side cuts a line at 256 Ki characters, so the long line comes out as three.
  expect(stdout.replaceAll('\n', '')).toBe(`${'x'.repeat(600_000)}after`);
  expect(stdout.endsWith('x\nafter\n')).toBe(true);
}

/** Starts `berth web` for `home`; resolves once it serves. */
async function startWeb(webEnv: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'web'], { env: webEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('berth web printed no URL')), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('http://127.0.0.1:')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

/** Resolves with the exit code, or 'still running' after `ms`. */
function exitWithin(child: ChildProcess, ms: number): Promise<number | 'still running'> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still running'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

/** Collects a child's output as text. */
function collect(stream: NodeJS.ReadableStream | null): { text: string } {
  const sink = { text: '' };
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => (sink.text += chunk));
  return sink;
}

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

  it('delivers all of a 600,000-character log line through a slow pipe', async () => {
    const big = `${name}-big`;
    try {
      await bigLineContainer(big);
      const { stdout, stderr } = await berthThroughSlowPipe('logs', big);
      expect(stderr).toBe('berth exited 0\n');
      expectBigLine(stdout);
    } finally {
      await docker('rm', '-f', big).catch(() => undefined);
    }
  });

  it('refuses unknown options, extra arguments and bad numbers with one usage line and exit 2', async () => {
    const bogus = await berth('ps', '--bogus', 'extra');
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/^berth: unknown option --bogus for ps; usage: berth ps \[--all\] \[--json\]\n$/);
    const extra = await berth('status', 'now');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/^berth: unexpected argument "now" for status; usage: [^\n]*\n$/);
    for (const tail of ['', ' ', '0x2']) {
      const bad = await berth('logs', '--tail', tail, name);
      expect(bad.code, JSON.stringify(tail)).toBe(2);
      expect(bad.stderr).toBe(`berth: --tail must be a whole number or "all" (got ${JSON.stringify(tail)})\n`);
      expect(bad.stdout).toBe('');
    }
    const port = await berth('web', '--port', '0x50');
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/^berth: --port must be a whole number from 0 to 65535/);
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

  it('finishes `berth logs --tail 2` every time (the answer and the end can arrive together)', async () => {
    for (let i = 0; i < 10; i++) {
      const { code, stdout, ms } = await berthIn({ timeoutMs: 5_000 }, 'logs', '--tail', '2', name);
      expect({ run: i, code, stdout }).toEqual({ run: i, code: 0, stdout: 'cli-marker-out\n' });
      expect(ms).toBeLessThan(5_000);
    }
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

  it('delivers all of a 600,000-character log line through a slow pipe', async () => {
    const big = `${name}-big-web`;
    try {
      await bigLineContainer(big);
      const { stdout, stderr } = await berthThroughSlowPipe('logs', big);
      expect(stderr).toBe('berth exited 0\n');
      expectBigLine(stdout);
    } finally {
      await docker('rm', '-f', big).catch(() => undefined);
    }
  });

  it('ends `berth logs -f` quietly with 0 when the container stops', async () => {
    const short = `${name}-short`;
    try {
      await docker('run', '-d', '--name', short, 'berth-test/busybox', 'sh', '-c', 'echo hello; sleep 2; echo bye');
      const { code, stdout, stderr } = await berthIn({}, 'logs', '-f', short);
      expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'hello\nbye\n', stderr: '' });
    } finally {
      await docker('rm', '-f', short).catch(() => undefined);
    }
  });

  it('stops reading from Berth while its stdout is not read, so it does not grow', async () => {
    const spam = `${name}-spam`;
    let follower: ChildProcess | undefined;
    try {
      await docker(
        'run', '-d', '--name', spam, '--log-opt', 'max-size=20m', '--log-opt', 'max-file=2',
        'berth-test/busybox', 'yes', 'spam 0123456789 abcdefghijklmnopqrstuvwxyz 0123456789 abcdefghijklmnopqrstuvwxyz',
      );
      // Nobody reads its stdout: a stalled pipe, as in `berth logs -f spam | sleep 600`.
      follower = spawn(process.execPath, [cli, 'logs', '-f', '--tail', '0', spam], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      follower.stdout!.pause();
      const rssMiB = async () => {
        const status = await readFile(`/proc/${follower!.pid}/status`, 'utf8');
        return Number(status.match(/^VmRSS:\s+(\d+) kB/m)![1]) / 1024;
      };
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const settled = await rssMiB();
      let peak = settled;
      for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        peak = Math.max(peak, await rssMiB());
      }
      expect(follower.exitCode).toBeNull();
      // Without back-pressure it grew by about 10 MiB a second here, to 767 MB in the break test.
      expect(peak - settled, `RSS went from ${settled.toFixed(0)} to ${peak.toFixed(0)} MiB`).toBeLessThan(25);
      expect(peak).toBeLessThan(200);
    } finally {
      follower?.kill('SIGKILL');
      await docker('rm', '-f', spam).catch(() => undefined);
    }
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

    // `berth web` while it runs: that Berth serves the UI (no second host), one address for every caller.
    const web = await berth('web', '--json');
    expect(web.code).toBe(0);
    const { url } = JSON.parse(web.stdout) as { url: string };
    const login = await fetch(url, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const page = await fetch(new URL('/', url), { headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! } });
    expect(await page.text()).toContain('<div id="root"');
    expect(JSON.parse((await berth('web', '--json')).stdout).url).toBe(url);
    const otherPort = await berth('web', '--port', String(new URL(url).port === '1' ? 2 : 1));
    expect(otherPort.code).toBe(1);
    expect(otherPort.stderr).toMatch(/^berth: The web UI is already served on port \d+: open http/);

    // A restart passes through `stopped`; the background Berth must stay.
    expect((await berth('restart')).code).toBe(0);
    expect(JSON.parse((await berth('status', '--json')).stdout)).toMatchObject({ state: 'running' });
    expect(() => process.kill(daemonPid, 0)).not.toThrow();

    const stop = await berth('stop', '--json');
    expect(JSON.parse(stop.stdout)).toMatchObject({ state: 'stopped' });
    await expect.poll(() => stat(socket).then(() => 'present', () => 'gone'), { timeout: 10_000 }).toBe('gone');
    await expect.poll(() => { try { process.kill(daemonPid, 0); return 'alive'; } catch { return 'exited'; } }, { timeout: 10_000 }).toBe('exited');
    // Its web UI went with it.
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('berth CLI when Berth goes away or hangs', () => {
  let otherHome: string;
  let otherEnv: NodeJS.ProcessEnv;
  let web: ChildProcess | undefined;
  let listener: net.Server | undefined;
  const accepted: net.Socket[] = [];

  beforeEach(async () => {
    otherHome = await mkdtemp(path.join(os.tmpdir(), 'berth-cli-gone-'));
    otherEnv = { ...env, BERTH_HOME: otherHome };
  });

  afterEach(async () => {
    if (web && web.exitCode === null) {
      web.kill('SIGCONT');
      web.kill('SIGKILL');
      await exitWithin(web, 5_000);
    }
    web = undefined;
    for (const socket of accepted.splice(0)) socket.destroy();
    await new Promise((resolve) => (listener ? listener.close(resolve) : resolve(undefined)));
    listener = undefined;
    await rm(otherHome, { recursive: true, force: true });
  });

  it('`berth logs -f` says it lost Berth and exits 1 when Berth is killed', async () => {
    web = await startWeb(otherEnv);
    const follower = spawn(process.execPath, [cli, 'logs', '-f', name], { env: otherEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = collect(follower.stdout);
    const stderr = collect(follower.stderr);
    await expect.poll(() => stdout.text, { timeout: 10_000 }).toBe('cli-marker-out\n');
    web.kill('SIGKILL');
    expect(await exitWithin(follower, 5_000)).toBe(1);
    expect(stderr.text).toBe('cli-marker-err\nberth: lost the connection to Berth\n');
  });

  it('gives up on a frozen `berth web` with a message that says what to do', async () => {
    web = await startWeb(otherEnv);
    web.kill('SIGSTOP');
    const { code, stderr, ms } = await berthIn({ env: { BERTH_HOME: otherHome, BERTH_TIMEOUT: '2' } }, 'ps');
    expect(code).toBe(1);
    expect(stderr).toBe('berth: Berth did not answer containers:list within 2 s (is it stuck? `berth status` or restart it)\n');
    expect(ms).toBeLessThan(10_000);
  });

  it('gives up on something else that listens on the control socket and never answers', async () => {
    const runDir = path.join(otherHome, 'run');
    await mkdir(runDir, { recursive: true, mode: 0o700 });
    // Accepts and never reads or answers.
    listener = net.createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => listener!.listen(path.join(runDir, 'berth.sock'), resolve));
    const { code, stderr, ms } = await berthIn({ env: { BERTH_HOME: otherHome, BERTH_TIMEOUT: '1' } }, 'status');
    expect(code).toBe(1);
    expect(stderr).toBe('berth: Berth did not answer engine:get-status within 1 s (is it stuck? `berth status` or restart it)\n');
    expect(ms).toBeLessThan(10_000);
  });
});
