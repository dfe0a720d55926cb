/**
 * A user's first session, in Chromium through the web host, on the real
 * engine: a container made outside the UI appears, is started, shows its
 * logs live, is stopped and removed; a setting is changed and persists.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';

const run = promisify(execFile);
const docker = (...args: string[]) => run('docker', args, { env: process.env, timeout: 30_000 });
const name = `e2e-ticker-${process.pid}`;
const shots = 'test/e2e/artifacts';

async function openBerth(page: Page, hash = ''): Promise<void> {
  await page.goto(process.env.BERTH_WEB_URL!);
  if (hash) await page.goto(`${new URL(page.url()).origin}/${hash}`);
}

test.afterAll(async () => {
  await docker('rm', '-f', name).catch(() => undefined);
});

test('a container made with the docker CLI can be started, followed, stopped and removed from the UI', async ({ page }) => {
  await openBerth(page);
  await page.getByRole('link', { name: 'Containers' }).click();

  // Created outside the UI: the engine's event stream must bring it in.
  await docker('create', '--name', name, '--label', 'com.docker.compose.project=e2e', '--label', 'com.docker.compose.service=ticker',
    'berth-test/busybox', 'sh', '-c', 'trap "exit 0" TERM; i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.4; done');
  const row = page.locator(`[data-testid="container-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('created');
  // Grouped under its compose project.
  await expect(page.locator('[data-testid="group-row"][data-project="e2e"]')).toContainText('0/1 running');
  await page.screenshot({ path: `${shots}/containers-created.png`, fullPage: true });

  await page.getByRole('button', { name: `Start ${name}` }).click();
  await expect(row).toContainText('running');

  await row.getByRole('link', { name }).click();
  const logs = page.getByTestId('logs-view');
  const lines = page.getByTestId('log-line');
  await expect(lines.first()).toContainText('tick', { timeout: 5_000 });
  // Following: a line the container writes after the view opened shows within 2 s.
  const seen = await lines.last().innerText();
  const lastTick = Number(/tick (\d+)/.exec(seen)?.[1]);
  await expect(logs).toContainText(`tick ${lastTick + 2}`, { timeout: 2_000 });
  await page.screenshot({ path: `${shots}/container-logs.png`, fullPage: true });

  await page.getByRole('button', { name: `Stop ${name}` }).click();
  await page.getByRole('link', { name: 'Containers' }).click();
  await expect(row).toContainText('exited', { timeout: 20_000 });

  await page.getByRole('button', { name: `Remove ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: /remove/i }).click();
  await expect(row).toHaveCount(0);
  const { stdout } = await docker('ps', '-a', '--filter', `name=${name}`, '--format', '{{.Names}}');
  expect(stdout.trim()).toBe('');
});

test('an unknown container shows a message, not a blank page', async ({ page }) => {
  await openBerth(page, '#/containers/no-such-container-xyz/logs');
  await expect(page.getByText(/no such container/i).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/unknown-container.png`, fullPage: true });
});

test('a changed setting is saved, survives a reload, and is written to settings.json', async ({ page }) => {
  await openBerth(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  const cpus = page.getByLabel('CPUs');
  await cpus.fill('0');
  await expect(page.getByText(/CPUs? must be/i).first()).toBeVisible();
  await cpus.fill('1');
  await expect(page.getByText(/restart/i).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/settings-pending.png`, fullPage: true });
  await page.getByRole('button', { name: 'Apply' }).click();

  // The file appears when Apply has written it: until then, "not yet".
  const savedCpus = () =>
    readFile(path.join(process.env.BERTH_HOME!, 'settings.json'), 'utf8').then((text) => JSON.parse(text).cpus, () => null);
  await expect.poll(savedCpus).toBe(1);
  await page.reload();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByLabel('CPUs')).toHaveValue('1');
});

test('the dashboard shows the running engine', async ({ page }) => {
  await openBerth(page);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByText(/running/i).first()).toBeVisible();
  await expect(page.getByText(/native/i).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
});
