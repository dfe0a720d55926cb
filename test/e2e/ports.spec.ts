/**
 * The Ports page with Berth's own VM (TCG here): a published port shows as
 * forwarding with its counters, a port taken on the host shows as a conflict
 * naming the port and the program, here and on the Containers page. The
 * Settings page shows each shared folder's state in that VM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import Dockerode from 'dockerode';
import { runBerth } from '../fixtures/berth-cli';
import { ensureBusyboxImage } from '../fixtures/busybox-image';

const run = promisify(execFile);
const HTTPD = ['sh', '-c', 'mkdir -p /www && echo hello-from-the-vm > /www/index.html && exec httpd -f -p 80 -h /www'];
let home: string;
let env: NodeJS.ProcessEnv;
let web: ChildProcess;
let url: string;
let holder: ChildProcess;
const docker = (...args: string[]) => run('docker', ['--context', 'berth', ...args], { env, timeout: 120_000 });

test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-ports-'));
  const { DOCKER_HOST: _native, ...inherited } = process.env;
  env = { ...inherited, BERTH_HOME: home, DOCKER_CONFIG: path.join(home, 'docker-config') };
  // One folder to share, and one that does not exist: the Settings page shows each one's state.
  const shares = JSON.stringify([
    { hostPath: path.join(home, 'project'), writable: true },
    { hostPath: path.join(home, 'missing'), writable: true },
  ]);
  await mkdir(path.join(home, 'project'));
  for (const [key, value] of [['backend', 'qemu'], ['cpus', '2'], ['memoryMiB', '2048'], ['diskGiB', '8'], ['shares', shares]] as const) {
    expect((await runBerth(env, ['settings', 'set', key, value])).code).toBe(0);
  }
  web = spawn(process.execPath, ['dist/cli.cjs', 'web', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve, reject) => {
    web.once('exit', (code) => reject(new Error(`berth web exited early with ${code}`)));
    let json = '';
    createInterface({ input: web.stdout! }).on('line', (line) => {
      json += line;
      try {
        resolve((JSON.parse(json) as { url: string }).url);
      } catch {
        // printed over several lines
      }
    });
  });
  // `berth start` drives the running web host, which boots the VM.
  expect((await runBerth(env, ['start'], 240_000)).code).toBe(0);
  await ensureBusyboxImage(new Dockerode({ socketPath: path.join(home, 'run', 'vm-default', 'docker.sock') }));
  holder = spawn(process.execPath, ['-e', "require('net').createServer().listen(18181, '0.0.0.0', () => console.log('up'))"]);
  await new Promise((resolve) => holder.stdout!.once('data', resolve));
});

test.afterAll(async () => {
  holder?.kill();
  const exited = new Promise((resolve) => web.once('exit', resolve));
  web.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  if (web.exitCode === null) web.kill('SIGKILL');
  await rm(home, { recursive: true, force: true });
});

test('the Ports page shows live forwards and conflicts from the VM', async ({ page }) => {
  await docker('run', '-d', '--name', 'site', '-p', '18180:80', 'berth-test/busybox', ...HTTPD);
  await docker('run', '-d', '--name', 'clash', '-p', '18181:80', 'berth-test/busybox', ...HTTPD);
  await page.goto(url);
  await page.getByRole('link', { name: 'Ports' }).click();

  const site = page.locator('[data-testid="port-row"][data-port="18180"]');
  await expect(site).toHaveAttribute('data-state', 'forwarding');
  await expect(site).toContainText('site');
  await expect(site).toContainText('80/tcp');
  // Traffic through the forward shows in its counters, pushed without a reload.
  const response = await fetch('http://127.0.0.1:18180/');
  expect(await response.text()).toBe('hello-from-the-vm\n');
  await expect(site.locator('td').nth(4)).toHaveText(/^[1-9]/, { timeout: 5_000 });

  const clash = page.locator('[data-testid="port-row"][data-port="18181"]');
  await expect(clash).toHaveAttribute('data-state', 'conflict');
  await expect(clash.getByTestId('port-message')).toContainText(`tcp 0.0.0.0:18181 is already in use on this host (by node, pid ${holder.pid})`);
  await expect(page.getByTestId('ports-broken')).toContainText('clash:');
  await page.screenshot({ path: 'test/e2e/artifacts/ports.png', fullPage: true });

  await page.getByRole('link', { name: 'Containers' }).click();
  await expect(page.locator('[data-testid="container-row"][data-name="clash"]').getByTestId('port-broken')).toHaveText('18181/tcp: Conflict');
  await expect(page.locator('[data-testid="container-row"][data-name="site"]').getByTestId('port-broken')).toHaveCount(0);

  // Stopping the container takes its forward away, live.
  await page.getByRole('link', { name: 'Ports' }).click();
  await docker('stop', '-t', '1', 'site');
  await expect(site).toHaveCount(0, { timeout: 5_000 });
});

test('the Settings page shows which shared folders the VM mounted, and why one is not', async ({ page }) => {
  await page.goto(url);
  await page.getByRole('link', { name: 'Settings' }).click();
  const rows = page.getByTestId('share-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId('share-status')).toHaveText(`virtiofs · mounted — mounted at ${path.join(home, 'project')} in the VM`);
  await expect(rows.nth(1).getByTestId('share-status')).toHaveText(`refused — ${path.join(home, 'missing')} does not exist; create it or remove the share`);
  await expect(page.getByTestId('share-mechanisms')).toContainText('Shared over virtiofs');
});

test('a VM shell on the Terminals page runs commands inside Berth\'s VM', async ({ page }) => {
  await page.goto(url);
  await page.getByRole('link', { name: 'Terminal' }).click();
  await page.getByRole('button', { name: 'New VM shell' }).click();
  const terminal = page.getByTestId('terminal');
  await terminal.locator('.xterm').click();
  await expect(terminal.locator('.xterm-rows')).toContainText(/[$#%>]/, { timeout: 20_000 });
  // The guest's kernel is Debian's, not this host's: the shell really is in the VM.
  await page.keyboard.type('echo "in-vm:$(uname -r):$(cat /proc/sys/kernel/hostname)"');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText(/in-vm:[^:]*deb13[^:]*:/, { timeout: 20_000 });
  await page.getByRole('button', { name: /^Close / }).click();
});
