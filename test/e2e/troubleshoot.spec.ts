/**
 * The Troubleshoot page in Chromium through the web host, on the real engine:
 * a diagnostics bundle made from the UI downloads as a .tar.gz holding every
 * part, and the keyboard alone gets through the navigation and a confirm
 * dialog (focus visible, Enter and Space act, Escape closes, nothing is reset).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';

const run = promisify(execFile);
const shots = 'test/e2e/artifacts';
let scratch: string;

test.beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-diag-'));
});
test.afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function openBerth(page: Page): Promise<void> {
  await page.goto(process.env.BERTH_WEB_URL!);
  await expect(page.getByTestId('engine-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)));
    else out.push(prefix + entry.name);
  }
  return out.sort();
}

test('a diagnostics bundle made in the UI downloads with every part in it', async ({ page }) => {
  await openBerth(page);
  await page.getByRole('link', { name: 'Troubleshoot' }).click();
  await expect(page.getByRole('heading', { name: 'Troubleshoot', level: 1 })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Create diagnostics bundle' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^berth-diagnostics-\d{8}-\d{6}(-\d+)?\.tar\.gz$/);
  const archive = path.join(scratch, download.suggestedFilename());
  await download.saveAs(archive);

  // The page lists what it made, with a link to download it again.
  const result = page.getByTestId('bundle-result');
  await expect(result).toContainText(download.suggestedFilename());
  await expect(result.getByRole('link', { name: 'Download again' })).toHaveAttribute('href', /\/api\/diagnostics\/berth-diagnostics-/);
  await page.screenshot({ path: `${shots}/troubleshoot-bundle.png`, fullPage: true });

  const into = path.join(scratch, 'extracted');
  await run('mkdir', ['-p', into]);
  await run('tar', ['-xzf', archive, '-C', into]);
  const [folder] = await readdir(into);
  const dir = path.join(into, folder!);
  const files = await filesUnder(dir);
  for (const file of ['README.txt', 'versions.json', 'engine-status.json', 'docker-info.json', 'settings.json', 'logs/berth.log', 'logs/engine.log', 'logs/vm-serial.log', 'logs/vm-qemu.log']) {
    expect(files, file).toContain(file);
  }
  await result.getByText('What is inside').click();
  for (const file of files) await expect(page.getByTestId('bundle-entries')).toContainText(`${folder}/${file}`);

  const { stdout: serverVersion } = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env: process.env });
  const info = JSON.parse(await readFile(path.join(dir, 'docker-info.json'), 'utf8')) as { ServerVersion: string };
  expect(info.ServerVersion).toBe(serverVersion.trim());
  expect(JSON.parse(await readFile(path.join(dir, 'engine-status.json'), 'utf8'))).toMatchObject({ state: 'running' });
  // The web host's login token never lands in a bundle.
  const token = new URL(process.env.BERTH_WEB_URL!).searchParams.get('token')!;
  const everything = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  expect(everything.join('\n')).not.toContain(token);
});

test('the log viewer shows each log or says why there is none', async ({ page }) => {
  await openBerth(page);
  await page.getByRole('link', { name: 'Troubleshoot' }).click();
  const panel = page.getByTestId('log-panel');
  await expect(panel.getByTestId('log-excerpt')).toBeVisible();
  await panel.getByRole('button', { name: 'VM console' }).click();
  await expect(panel.getByRole('button', { name: 'VM console' })).toHaveAttribute('aria-pressed', 'true');
  // This run uses the host's engine: no VM has booted under this BERTH_HOME.
  await expect(panel).toContainText("No VM log yet: Berth's VM has not been started on this machine.");
});

/** Presses Tab until the focused element matches, at most `limit` times; returns what was focused on the way. */
async function tabTo(page: Page, matches: (label: string) => boolean, limit = 40): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const label = (await page.locator(':focus').innerText({ timeout: 2_000 })).trim();
    seen.push(label);
    if (matches(label)) return seen;
  }
  throw new Error(`Tab never reached the element; focused in turn: ${seen.join(' | ')}`);
}

test('keyboard only: the navigation, then a confirm dialog opened with Enter and Space and closed with Escape', async ({ page }) => {
  await openBerth(page);
  // The nav links come first, in order, each with a visible focus ring.
  const links = (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()).map((t) => t.trim());
  expect(links).toEqual(expect.arrayContaining(['Dashboard', 'Containers', 'Settings', 'Troubleshoot']));
  const seen = await tabTo(page, (label) => label === 'Troubleshoot');
  expect(seen.slice(-links.indexOf('Troubleshoot') - 1)).toEqual(links.slice(0, links.indexOf('Troubleshoot') + 1));
  await expect(page.locator(':focus')).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/troubleshoot$/);
  await expect(page.getByRole('heading', { name: 'Troubleshoot', level: 1 })).toBeVisible();

  // Space on a button opens its dialog; focus starts on Cancel; Escape closes it.
  await tabTo(page, (label) => label === 'Restart engine');
  await page.keyboard.press(' ');
  const restart = page.getByRole('dialog', { name: 'Restart the engine?' });
  await expect(restart).toBeVisible();
  await expect(restart).toContainText("Berth reconnects to this computer's Docker Engine");
  await expect(restart.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(restart).toHaveCount(0);
  await expect(page.getByTestId('engine-state')).toHaveAttribute('data-state', 'running');

  // Enter on the reset button: the dialog names what will be lost for the choice made with the arrow keys.
  await tabTo(page, (label) => label.startsWith('Reset to factory defaults'));
  const resetButton = page.getByRole('button', { name: 'Reset to factory defaults…' });
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Reset Berth to factory defaults?' });
  await expect(dialog).toBeVisible();
  const settingsPath = path.join(process.env.BERTH_HOME!, 'settings.json');
  await expect(dialog.getByTestId('reset-lost')).toContainText(settingsPath);
  await expect(dialog.getByTestId('reset-note')).toContainText("never erases that engine's containers, images or volumes");
  await expect(dialog.getByRole('radio', { name: 'Keep them' })).toBeChecked();
  // Cancel has the focus first (the safe choice); the radios come before it.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('radio', { name: 'Keep them' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: 'Erase them' })).toBeChecked();
  await expect(dialog.getByTestId('reset-kept')).toContainText("this computer's own Docker Engine");
  await page.screenshot({ path: `${shots}/troubleshoot-reset-dialog.png`, fullPage: true });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Focus goes back to the button that opened it; nothing was reset.
  await expect(resetButton).toBeFocused();
  await expect(page.getByText(/Reset done/)).toHaveCount(0);
});
