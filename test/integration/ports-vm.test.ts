/**
 * The port forwarder with the real VM (TCG here): what `docker run -p`
 * publishes in the guest answers on the host, TCP and UDP, follows the
 * container's life, and reports conflicts.
 */
import { execFile, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortsStatus } from '../../preload/contract';
import { runBerth } from '../fixtures/berth-cli';
import { ensureBusyboxImage } from '../fixtures/busybox-image';
import { buildUdpEcho } from '../fixtures/port-agent';

const run = promisify(execFile);
const IMAGE = 'berth-test/net:latest';
const HTTPD = ['sh', '-c', 'mkdir -p /www && echo "berth says hi from $HOSTNAME" > /www/index.html && exec httpd -f -p 80 -h /www'];
let home: string;
let env: NodeJS.ProcessEnv;
let vmDocker: Dockerode;

const berth = (...args: string[]) => runBerth(env, args, 240_000);
const docker = (...args: string[]) => run('docker', ['--context', 'berth', ...args], { env, timeout: 120_000 });
const portsStatus = async (): Promise<PortsStatus> => JSON.parse((await berth('ports', '--json')).stdout) as PortsStatus;

async function fetchText(host: string, port: number, timeoutMs = 5_000): Promise<string> {
  const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/`, { signal: AbortSignal.timeout(timeoutMs) });
  return response.text();
}

/** Polls until `probe` succeeds; returns how long it took. */
async function within<T>(ms: number, probe: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < ms) {
    try {
      return { value: await probe(), ms: Date.now() - started };
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  throw new Error(`not within ${ms} ms: ${(last as Error)?.message}`);
}

function canBind(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function udpAsk(port: number, text: string, timeoutMs = 1_000): Promise<string> {
  const client = dgram.createSocket('udp4');
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no UDP reply within ${timeoutMs} ms`)), timeoutMs);
    client.once('message', (m) => {
      clearTimeout(timer);
      resolve(m.toString());
    });
    client.send(text, port, '127.0.0.1');
  }).finally(() => client.close());
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-ports-'));
  const { DOCKER_HOST: _hostEngine, ...inherited } = process.env;
  env = { ...inherited, BERTH_HOME: home, DOCKER_CONFIG: path.join(home, 'docker-config') };
  for (const [key, value] of [['cpus', '2'], ['memoryMiB', '2048'], ['diskGiB', '8']] as const) {
    expect((await berth('settings', 'set', key, value)).code).toBe(0);
  }
  const started = await berth('start', '--backend', 'qemu');
  expect(started.code).toBe(0);
  vmDocker = new Dockerode({ socketPath: path.join(home, 'run', 'vm-default', 'docker.sock') });
  await ensureBusyboxImage(vmDocker, IMAGE, { 'udp-echo': await buildUdpEcho() });
}, 300_000);

afterAll(async () => {
  await docker('rm', '-f', 'web', 'echo', 'clash').catch(() => undefined);
  await berth('stop');
  await rm(home, { recursive: true, force: true });
}, 120_000);

describe('published ports of the VM on the host', { timeout: 180_000 }, () => {
  it('an HTTP container published with -p 18080:80 answers on 127.0.0.1 and ::1, moments after it starts', async () => {
    const events = await vmDocker.getEvents({ filters: { type: ['container'], event: ['start'] } });
    const startSeen = new Promise<number>((resolve) => events.once('data', () => resolve(performance.now())));
    await docker('run', '-d', '--name', 'web', '-p', '18080:80', IMAGE, ...HTTPD);
    const seenAt = await startSeen;
    (events as unknown as { destroy(): void }).destroy();
    // When the listener exists, a connect to the host port is accepted (before the guest side is asked).
    const listening = await within(5_000, () => new Promise<void>((resolve, reject) => {
      const socket = net.connect(18080, '127.0.0.1', () => { socket.destroy(); resolve(); });
      socket.once('error', reject);
    }));
    console.log(`berth tests: host listener up ${(performance.now() - seenAt - 0).toFixed(0)} ms after the test saw the start event (polled ${listening.ms} ms)`);
    const v4 = await within(10_000, () => fetchText('127.0.0.1', 18080));
    expect(v4.value).toMatch(/^berth says hi from [0-9a-f]{12}$/m);
    expect(await fetchText('::1', 18080)).toBe(v4.value);
    expect(await fetchText('localhost', 18080)).toBe(v4.value);
  });

  it('serves a burst of 60 connections at once, none of them reset', async () => {
    const started = Date.now();
    const answers = await Promise.allSettled(Array.from({ length: 60 }, () => fetchText('127.0.0.1', 18080, 60_000)));
    expect(answers.filter((a) => a.status === 'rejected').map((a) => String((a as PromiseRejectedResult).reason))).toEqual([]);
    console.log(`berth tests: 60 connections at once all answered in ${Date.now() - started} ms`);
  });

  it('`berth ports --json` lists the forward with its state and counters', async () => {
    const status = await portsStatus();
    expect(status.mode).toBe('forwarded');
    const web = status.forwards.find((f) => f.hostPort === 18080)!;
    expect(web).toMatchObject({ containerName: 'web', protocol: 'tcp', containerPort: 80, state: 'forwarding', publishedIp: '0.0.0.0' });
    expect(web.connections).toBeGreaterThanOrEqual(3);
    expect(web.bytesOut).toBeGreaterThan(0);
    const text = await berth('ports');
    expect(text.stdout).toMatch(/:18080\s+web\s+80\/tcp\s+forwarding/);
  });

  it('a UDP echo published with -p 15353:5353/udp answers within 1 s, and again after docker restart', async () => {
    await docker('run', '-d', '--name', 'echo', '-p', '15353:5353/udp', IMAGE, 'udp-echo', '5353');
    const first = await within(10_000, () => udpAsk(15353, 'ping'));
    expect(first.value).toBe('echo:ping');
    expect(await udpAsk(15353, 'again')).toBe('echo:again');
    await docker('restart', '-t', '1', 'echo');
    const afterRestart = await within(10_000, () => udpAsk(15353, 'after restart'));
    expect(afterRestart.value).toBe('echo:after restart');
    console.log(`berth tests: UDP answers ${afterRestart.ms} ms after docker restart returned`);
  });

  it('after docker stop, a host program can bind the port within 1 s', async () => {
    await docker('stop', '-t', '1', 'web');
    const freed = await within(1_000, () => canBind(18080));
    console.log(`berth tests: 18080 bindable ${freed.ms} ms after docker stop returned`);
    expect((await portsStatus()).forwards.some((f) => f.hostPort === 18080)).toBe(false);
    await docker('rm', 'web');
  });

  it('a host port already in use is reported as a conflict naming the port and the program', async () => {
    const holder = spawn(process.execPath, ['-e', "require('net').createServer().listen(18081, '0.0.0.0', () => console.log('up'))"]);
    try {
      await new Promise((resolve) => holder.stdout.once('data', resolve));
      await docker('run', '-d', '--name', 'clash', '-p', '18081:80', IMAGE, ...HTTPD);
      const { value: clash } = await within(10_000, async () => {
        const forward = (await portsStatus()).forwards.find((f) => f.hostPort === 18081);
        if (!forward) throw new Error('not listed yet');
        return forward;
      });
      expect(clash.state).toBe('conflict');
      expect(clash.message).toMatch(new RegExp(`18081 is already in use on this host \\(by node, pid ${holder.pid}\\)`));
      const listed = await berth('ports');
      expect(listed.code).toBe(1);
      expect(listed.stdout).toMatch(/conflict: tcp 0\.0\.0\.0:18081 is already in use/);
    } finally {
      holder.kill();
    }
    // Once the other program lets go, the forward takes the port.
    await within(10_000, async () => {
      if ((await portsStatus()).forwards.find((f) => f.hostPort === 18081)?.state !== 'forwarding') throw new Error('still waiting');
    });
    expect(await within(10_000, () => fetchText('127.0.0.1', 18081)).then((r) => r.value)).toMatch(/berth says hi/);
    await docker('rm', '-f', 'clash');
  });

  it('10 rounds of run → fetch → rm all succeed', async () => {
    const times: number[] = [];
    for (let round = 0; round < 10; round++) {
      const started = Date.now();
      await docker('run', '-d', '--name', `round${round}`, '-p', '18090:80', IMAGE, ...HTTPD);
      expect((await within(10_000, () => fetchText('127.0.0.1', 18090))).value).toMatch(/berth says hi/);
      await docker('rm', '-f', `round${round}`);
      times.push(Date.now() - started);
      await within(2_000, () => canBind(18090));
    }
    times.sort((a, b) => a - b);
    console.log(`berth tests: run → fetch → rm median ${times[5]} ms`);
    // Each round is ~6 s of emulated (TCG) work; a busy machine can triple that.
  }, 420_000);

  it('forwards come back after the Docker daemon in the VM restarts, with no new VM', async () => {
    await docker('run', '-d', '--name', 'always', '--restart', 'always', '-p', '18095:80', IMAGE, ...HTTPD);
    await within(10_000, () => fetchText('127.0.0.1', 18095));
    const qemuPid = (await readFile(path.join(home, 'state', 'vms', 'default', 'qemu.pid'), 'utf8')).trim();
    // berth-init restarts a dockerd that exits; Berth must notice, reattach and reconcile.
    expect((await berth('shell', 'kill -TERM $(pidof dockerd)')).code).toBe(0);
    // Berth first sees Docker go (a forward may still answer while dockerd shuts down), then reattaches.
    const daemonLog = path.join(home, 'logs', 'berth-daemon.log');
    await within(120_000, async () => {
      const text = await readFile(daemonLog, 'utf8');
      if (!/engine lost[\s\S]*engine reconnected/.test(text)) throw new Error('not reconnected yet');
    });
    const back = await within(120_000, () => fetchText('127.0.0.1', 18095));
    expect(back.value).toMatch(/berth says hi/);
    console.log(`berth tests: after dockerd in the VM was killed, Berth reattached and the forward answers again (${back.ms} ms after the reattach)`);
    expect(JSON.parse((await berth('status', '--json')).stdout)).toMatchObject({ state: 'running', backend: 'qemu' });
    expect((await readFile(path.join(home, 'state', 'vms', 'default', 'qemu.pid'), 'utf8')).trim()).toBe(qemuPid);
    await docker('rm', '-f', 'always');
    // The next test runs web itself and expects echo running again: the daemon restart stopped it (no restart policy).
    await docker('start', 'echo');
  }, 300_000);

  it('forwards survive a VM pause and resume, and stopping the engine frees every port', async () => {
    await docker('run', '-d', '--name', 'web', '-p', '18080:80', IMAGE, ...HTTPD);
    await within(10_000, () => fetchText('127.0.0.1', 18080));
    expect((await berth('pause')).code).toBe(0);
    expect((await portsStatus()).forwards.find((f) => f.hostPort === 18080)?.state).toBe('forwarding');
    expect((await berth('resume')).code).toBe(0);
    expect((await within(10_000, () => fetchText('127.0.0.1', 18080))).value).toMatch(/berth says hi/);
    const status = await portsStatus();
    expect(status.forwards.filter((f) => f.state === 'forwarding').map((f) => f.hostPort).sort()).toEqual([15353, 18080]);
    expect((await berth('stop')).code).toBe(0);
    await within(1_000, () => canBind(18080));
    await within(1_000, () => new Promise<void>((resolve, reject) => {
      const socket = dgram.createSocket('udp4');
      socket.once('error', reject);
      socket.bind(15353, '127.0.0.1', () => socket.close(() => resolve()));
    }));
    expect((await portsStatus()).mode).toBe('off');
  });
});
