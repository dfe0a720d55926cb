/**
 * Terminals in Chromium through the web host, on the real engine: a shell in
 * a container answers what is typed and shows when it ended; a host terminal
 * has DOCKER_HOST set; closing a terminal's tab ends its process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';

const run = promisify(execFile);
const docker = (...args: string[]) => run('docker', args, { env: process.env, timeout: 30_000 });
const name = `e2e-shell-${process.pid}`;
const shots = 'test/e2e/artifacts';

async function openBerth(page: Page, hash = ''): Promise<void> {
  await page.goto(process.env.BERTH_WEB_URL!);
  if (hash) await page.goto(`${new URL(page.url()).origin}/${hash}`);
}

/** The processes in the container, as `docker top` lists them. */
async function processes(): Promise<string> {
  return (await docker('top', name, '-o', 'pid,args')).stdout;
}

test.beforeAll(async () => {
  await docker('rm', '-f', name).catch(() => undefined);
  await docker('run', '-d', '--name', name, 'berth-test/busybox', 'sleep', '3600');
});

test.afterAll(async () => {
  await docker('rm', '-f', name).catch(() => undefined);
});

test('a shell in a container runs what is typed, and shows when it has ended', async ({ page }) => {
  await openBerth(page, '#/containers');
  await page.locator(`[data-testid="container-row"][data-name="${name}"]`).getByRole('link', { name }).click();
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page).toHaveURL(/#\/containers\/[^/]+\/terminal$/);

  const terminal = page.getByTestId('terminal');
  await expect(terminal).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('terminal-status')).toContainText(name);
  await terminal.locator('.xterm').click();
  await page.keyboard.type('echo $((6*7))');
  await page.keyboard.press('Enter');
  // The answer, on a row of its own (the typed line shows the expression, not 42).
  await expect(terminal.locator('.xterm-rows > div').filter({ hasText: /^\s*42\s*$/ })).toHaveCount(1);
  await page.screenshot({ path: `${shots}/terminal-container.png`, fullPage: true });

  await page.keyboard.type('exit 5');
  await page.keyboard.press('Enter');
  await expect(terminal).toHaveAttribute('data-state', 'ended');
  await expect(page.getByTestId('terminal-status')).toContainText('Session ended: The shell exited with code 5');
  await expect(page.getByRole('button', { name: 'New session' })).toBeVisible();
  await page.screenshot({ path: `${shots}/terminal-ended.png`, fullPage: true });
  await expect.poll(processes).not.toMatch(/\/bin\/sh/);
});

test('leaving the Terminal tab ends the shell it opened', async ({ page }) => {
  await openBerth(page, '#/containers');
  await page.locator(`[data-testid="container-row"][data-name="${name}"]`).getByRole('link', { name }).click();
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toHaveAttribute('data-state', 'open');
  await terminal.locator('.xterm').click();
  await page.keyboard.type('sleep 4711');
  await page.keyboard.press('Enter');
  await expect.poll(processes).toMatch(/sleep 4711/);

  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect.poll(processes, { timeout: 10_000 }).not.toMatch(/sleep 4711/);
  expect(await processes()).toMatch(/sleep 3600/);
});

test('a host terminal has DOCKER_HOST set to the engine; closing its tab ends it', async ({ page }) => {
  await openBerth(page, '#/terminal');
  await expect(page.getByRole('heading', { name: 'Terminals' })).toBeVisible();
  // The e2e engine is the host's own (native): no VM to open a shell in, and the page says so.
  await expect(page.getByRole('button', { name: 'New VM shell' })).toBeDisabled();
  await expect(page.getByText(/needs Berth's own VM/).first()).toBeVisible();

  await page.getByRole('button', { name: 'New host terminal' }).click();
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toHaveAttribute('data-state', 'open');
  await terminal.locator('.xterm').click();
  // Typing before the shell has drawn its prompt can be lost when it sets up its line editor.
  await expect(terminal.locator('.xterm-rows')).toContainText(/[$#%>]/, { timeout: 20_000 });
  await page.keyboard.type('echo "docker-host=$DOCKER_HOST"');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText(`docker-host=${process.env.DOCKER_HOST}`, { timeout: 20_000 });
  await page.keyboard.type('exec sleep 4712');
  await page.keyboard.press('Enter');
  const sleeping = async () => (await run('ps', ['-eo', 'args'])).stdout.includes('sleep 4712');
  await expect.poll(sleeping).toBe(true);
  await page.screenshot({ path: `${shots}/terminal-host.png`, fullPage: true });

  const tab = page.getByRole('tab').filter({ hasText: /host/ });
  await page.getByRole('button', { name: /^Close / }).click();
  await expect(tab).toHaveCount(0);
  await expect.poll(sleeping, { timeout: 10_000 }).toBe(false);
});
