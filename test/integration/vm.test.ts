/**
 * The qemu backend end to end, on the real guest image under whatever
 * accelerator this machine has (TCG here): boot, Docker through the host
 * socket and the berth context, data across a restart, recovery after
 * kill -9 of QEMU and of Berth, and a reused PID that must never be signalled.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectControlSocket } from '../../main/cli/control-client';
import type { VmResources } from '../../preload/contract';
import { runBerth } from '../fixtures/berth-cli';
import { ensureBusyboxImage, BUSYBOX_TAG } from '../fixtures/busybox-image';

const run = promisify(execFile);
let home: string;
let env: NodeJS.ProcessEnv;

const berth = (...args: string[]) => runBerth(env, args, 240_000);

const docker = (...args: string[]) => run('docker', ['--context', 'berth', ...args], { env, timeout: 120_000 });
const instanceDir = () => path.join(home, 'state', 'vms', 'default');
const socketPath = () => path.join(home, 'run', 'vm-default', 'docker.sock');
/** Running, not merely a zombie waiting for its parent to reap it. */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** The pid of the last daemon in berth-daemon.log. */
function daemonPid(daemonLog: string): number {
  return Number(daemonLog.match(/daemon (\d+) serving/g)!.at(-1)!.split(' ')[1]);
}

async function startVm(): Promise<void> {
  const started = Date.now();
  const result = await berth('start', '--backend', 'qemu');
  expect(result.stderr).not.toMatch(/^berth: /m);
  expect(result.code).toBe(0);
  console.log(`berth tests: VM up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-vm-'));
  // No DOCKER_HOST: the docker CLI must find Berth through the berth context alone.
  const { DOCKER_HOST: _hostEngine, ...inherited } = process.env;
  env = { ...inherited, BERTH_HOME: home, DOCKER_CONFIG: path.join(home, 'docker-config') };
  for (const [key, value] of [['cpus', '2'], ['memoryMiB', '2048'], ['diskGiB', '8']] as const) {
    expect((await berth('settings', 'set', key, value)).code).toBe(0);
  }
  await startVm();
}, 300_000);

afterAll(async () => {
  await berth('stop');
  await rm(home, { recursive: true, force: true });
}, 120_000);

describe('the VM engine', { timeout: 300_000 }, () => {
  it('answers docker through the host socket and the berth context, and says it is emulated', async () => {
    const { stdout } = await docker('version', '--format', '{{.Server.Version}}');
    expect(stdout.trim()).toMatch(/^\d+\.\d+/);
    const status = JSON.parse((await berth('status', '--json')).stdout);
    expect(status).toMatchObject({ state: 'running', backend: 'qemu', dockerHost: `unix://${socketPath()}` });
    expect(status.vm).toMatchObject({ cpus: 2, memoryMiB: 2048, diskGiB: 8 });
    if (status.vm.accelerator === 'tcg') expect(status.warnings.join(' ')).toMatch(/software emulation/);
    expect((await readFile(path.join(instanceDir(), 'id_ed25519')).then(() => 'key'))).toBe('key');
  });

  it('runs a command in the VM with `berth shell` and shows its console with `berth vm-logs`', async () => {
    const shell = await berth('shell', 'cat', '/proc/sys/kernel/hostname');
    expect(shell).toMatchObject({ code: 0, stdout: 'berth\n' });
    const failing = await berth('shell', 'exit', '3');
    expect(failing.code).toBe(3);
    const logs = await berth('vm-logs');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^BERTH-READY docker=\S+$/m);
  });

  it('streams the VM\'s CPU, memory and disk use to a watcher, and only while watched', async () => {
    const client = await connectControlSocket(path.join(home, 'run', 'berth.sock'));
    try {
      const samples: VmResources[] = [];
      client.on('engine:resources-received', (event) => samples.push(event.resources));
      const { subscriptionId } = await client.call('engine:watch-resources', {});
      await expect.poll(() => samples.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      const last = samples.at(-1)!;
      expect(last.memoryTotalBytes).toBeGreaterThan(1024 * 2 ** 20);
      expect(last.memoryTotalBytes).toBeLessThanOrEqual(2048 * 2 ** 20);
      expect(last.diskTotalBytes).toBeGreaterThan(6 * 2 ** 30);
      expect(last.cpuPercent).toBeGreaterThanOrEqual(0);
      await client.call('engine:unwatch-resources', { subscriptionId });
      const count = samples.length;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(samples.length).toBe(count);
    } finally {
      await client.close();
    }
  });

  it('keeps containers and named volumes across a VM restart', async () => {
    await ensureBusyboxImage(new Dockerode({ socketPath: socketPath() }));
    await docker('volume', 'create', 'keepsake');
    await docker('run', '--rm', '-v', 'keepsake:/data', BUSYBOX_TAG, 'sh', '-c', 'echo kept-across-restart > /data/note');
    await docker('create', '--name', 'survivor', BUSYBOX_TAG, 'true');

    const restart = await berth('restart');
    expect(restart.code).toBe(0);
    const { stdout } = await docker('run', '--rm', '-v', 'keepsake:/data', BUSYBOX_TAG, 'cat', '/data/note');
    expect(stdout.trim()).toBe('kept-across-restart');
    expect((await docker('ps', '-a', '--filter', 'name=survivor', '--format', '{{.Names}}')).stdout.trim()).toBe('survivor');
  });

  it('recovers after kill -9 of QEMU and of Berth, with data intact, and never signals a reused PID', async () => {
    const record = JSON.parse(await readFile(path.join(instanceDir(), 'qemu.pid'), 'utf8')) as { pid: number };
    const daemon = daemonPid(await readFile(path.join(home, 'logs', 'berth-daemon.log'), 'utf8'));
    process.kill(record.pid, 'SIGKILL');
    process.kill(daemon, 'SIGKILL');
    await expect.poll(() => alive(record.pid) || alive(daemon), { timeout: 10_000 }).toBe(false);

    // An unrelated live process now "owns" the recorded PID: it must survive the restart.
    const bystander = spawn('sleep', ['300'], { stdio: 'ignore' });
    await writeFile(
      path.join(instanceDir(), 'qemu.pid'),
      JSON.stringify({ pid: bystander.pid, startTime: 'a-different-process', executable: 'qemu-system-x86_64' }),
    );
    try {
      await startVm();
      expect(alive(bystander.pid!)).toBe(true);
      const { stdout } = await docker('run', '--rm', '-v', 'keepsake:/data', BUSYBOX_TAG, 'cat', '/data/note');
      expect(stdout.trim()).toBe('kept-across-restart');
    } finally {
      bystander.kill();
    }
  });

  it('stops, with `berth stop`, the VM that a killed Berth left running, and `berth status` says it is there', async () => {
    const qemuPid = (JSON.parse(await readFile(path.join(instanceDir(), 'qemu.pid'), 'utf8')) as { pid: number }).pid;
    process.kill(daemonPid(await readFile(path.join(home, 'logs', 'berth-daemon.log'), 'utf8')), 'SIGKILL');
    const status = await berth('status');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`Berth is not running, but its VM is (QEMU pid ${qemuPid}`);
    const stop = await berth('stop');
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain('the VM left running shut down cleanly');
    expect(alive(qemuPid)).toBe(false);
    await expect(readFile(path.join(instanceDir(), 'qemu.pid'))).rejects.toMatchObject({ code: 'ENOENT' });
    await startVm();
  });

  it('notices when QEMU itself dies, whether Berth booted the VM or reattached to it, and a start boots a new one', async () => {
    const qemuPid = async () => (JSON.parse(await readFile(path.join(instanceDir(), 'qemu.pid'), 'utf8')) as { pid: number }).pid;
    const error = async () => JSON.parse((await berth('status', '--json')).stdout).error as string | null;
    // Reattached (no exit event: Berth watches the recorded process).
    process.kill(daemonPid(await readFile(path.join(home, 'logs', 'berth-daemon.log'), 'utf8')), 'SIGKILL');
    const before = await qemuPid();
    await startVm();
    expect(await qemuPid()).toBe(before);
    process.kill(before, 'SIGKILL');
    let killed = Date.now();
    await expect.poll(error, { timeout: 15_000, interval: 250 }).toMatch(/^The VM stopped unexpectedly: QEMU \(pid \d+\) is no longer running\. Start the engine again/);
    console.log(`berth tests: a reattached VM's death was noticed within ${Date.now() - killed} ms`);
    // Booted by this Berth (QEMU's exit event).
    await startVm();
    const booted = await qemuPid();
    expect(booted).not.toBe(before);
    process.kill(booted, 'SIGKILL');
    killed = Date.now();
    await expect.poll(error, { timeout: 15_000, interval: 250 }).toMatch(/^The VM stopped unexpectedly: QEMU exited \(signal SIGKILL\)/);
    console.log(`berth tests: a booted VM's death was noticed within ${Date.now() - killed} ms`);
    await expect(readFile(socketPath())).rejects.toMatchObject({ code: 'ENOENT' });
    await startVm();
  });

  it('reports a kernel panic in the VM as the VM stopping, saying so, and a start boots a new one', async () => {
    const qemuPid = (JSON.parse(await readFile(path.join(instanceDir(), 'qemu.pid'), 'utf8')) as { pid: number }).pid;
    // A crash on purpose (sysrq c): the shell never answers, so only its launch is awaited.
    void berth('shell', 'echo c > /proc/sysrq-trigger');
    const crashed = Date.now();
    await expect
      .poll(async () => JSON.parse((await berth('status', '--json')).stdout).error as string | null, { timeout: 30_000, interval: 250 })
      .toMatch(/^The VM stopped unexpectedly: its kernel panicked \("Kernel panic - not syncing: sysrq triggered crash"; `berth vm-logs` shows the console\)/);
    console.log(`berth tests: a kernel panic in the VM was reported ${Date.now() - crashed} ms after the crash was asked for`);
    expect(alive(qemuPid)).toBe(false);
    await startVm();
  });

  it('stops gracefully and leaves no QEMU, socket or pid file behind', async () => {
    const record = JSON.parse(await readFile(path.join(instanceDir(), 'qemu.pid'), 'utf8')) as { pid: number };
    const stop = await berth('stop');
    expect(stop.code).toBe(0);
    expect(alive(record.pid)).toBe(false);
    await expect(readFile(path.join(instanceDir(), 'qemu.pid'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(socketPath())).rejects.toMatchObject({ code: 'ENOENT' });
    await startVm(); // for afterAll's stop, and to show a clean start after a clean stop
  });
});
