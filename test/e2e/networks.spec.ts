/**
 * Networks in Chromium through the web host, on the real engine: a network
 * is created with a subnet and gateway (a wrong gateway is refused with the
 * reason), a container is connected and shows on it, is disconnected, and
 * the network is removed with confirmation.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const run = promisify(execFile);
const docker = (...args: string[]) => run('docker', args, { env: process.env, timeout: 30_000 });
const network = `e2e-net-${process.pid}`;
const member = `e2e-net-member-${process.pid}`;
const shots = 'test/e2e/artifacts';

test.afterAll(async () => {
  await docker('rm', '-f', member).catch(() => undefined);
  await docker('network', 'rm', network).catch(() => undefined);
});

test('a network is created, a container connected and disconnected, and the network removed', async ({ page }) => {
  await docker('create', '--name', member, 'berth-test/busybox', 'sleep', '300');
  await page.goto(process.env.BERTH_WEB_URL!);
  await page.getByRole('link', { name: 'Networks' }).click();
  await expect(page.locator('[data-testid="network-row"][data-name="none"]')).toContainText('built in');

  await page.getByLabel('Network name').fill(network);
  await page.getByLabel('Subnet').fill('10.231.0.0/24');
  await page.getByLabel('Gateway').fill('10.232.0.1');
  await expect(page.getByText('10.232.0.1 is outside 10.231.0.0/24.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create', exact: true })).toBeDisabled();
  await page.getByLabel('Gateway').fill('10.231.0.1');
  await page.getByRole('button', { name: 'Create', exact: true }).click();

  const row = page.locator(`[data-testid="network-row"][data-name="${network}"]`);
  await expect(row).toContainText('10.231.0.0/24 · 10.231.0.1');
  await expect(row).toContainText('bridge');

  await row.getByLabel(`Container to connect to ${network}`).selectOption({ label: member });
  await row.getByRole('button', { name: 'Connect', exact: true }).click();
  const listed = row.locator(`[data-testid="network-member"][data-name="${member}"]`);
  await expect(listed).toBeVisible();
  const { stdout: joined } = await docker('inspect', '--format', '{{json .NetworkSettings.Networks}}', member);
  expect(Object.keys(JSON.parse(joined) as object)).toContain(network);

  // Started, it gets an address from the subnet, pushed to the page.
  await docker('start', member);
  await expect(listed).toContainText(/10\.231\.0\.\d+/);
  await page.screenshot({ path: `${shots}/networks.png`, fullPage: true });

  await listed.getByRole('button', { name: `Disconnect ${member} from ${network}` }).click();
  await expect(listed).toHaveCount(0);

  await row.getByRole('button', { name: `Remove ${network}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('cannot be undone');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
  const { stdout } = await docker('network', 'ls', '--format', '{{.Name}}');
  expect(stdout.split('\n')).not.toContain(network);
});
