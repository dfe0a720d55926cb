/**
 * Volumes in Chromium through the web host, on the real engine: a volume is
 * created in the UI, filled by a container, browsed (files with their sizes,
 * who uses it), a file downloaded, the volume exported and imported into
 * another, and removed with confirmation; prune removes an unused volume and
 * keeps one a container uses.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { TarReader, type TarEntry } from '../../main/core/docker/tar-reader';

const run = promisify(execFile);
const docker = (...args: string[]) => run('docker', args, { env: process.env, timeout: 30_000 });
const volume = `e2e-vol-${process.pid}`;
const copy = `e2e-vol-copy-${process.pid}`;
const user = `e2e-vol-user-${process.pid}`;
const unused = `e2e-vol-unused-${process.pid}`;
const kept = `e2e-vol-kept-${process.pid}`;
const keeper = `e2e-vol-keeper-${process.pid}`;
const shots = 'test/e2e/artifacts';

async function openBerth(page: Page, hash: string): Promise<void> {
  await page.goto(process.env.BERTH_WEB_URL!);
  await page.goto(`${new URL(page.url()).origin}/${hash}`);
}

test.afterAll(async () => {
  await docker('rm', '-f', user, keeper).catch(() => undefined);
  await docker('volume', 'rm', '-f', volume, copy, unused, kept).catch(() => undefined);
});

test('a volume is created, its files browsed with sizes, a file downloaded, the volume exported, imported and removed', async ({ page }) => {
  await openBerth(page, '#/volumes');
  await page.getByLabel('Volume name').fill(volume);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const row = page.locator(`[data-testid="volume-row"][data-name="${volume}"]`);
  await expect(row).toBeVisible();

  // Put files in it from a container, as a user's service would.
  await docker('run', '--rm', '--network', 'none', '-v', `${volume}:/d`, 'berth-test/busybox', 'sh', '-c',
    'printf "hello from a container\\n" > /d/greeting.txt && mkdir /d/docs && head -c 1500 /dev/zero > /d/docs/zeros.bin');
  await docker('create', '--name', user, '--network', 'none', '-v', `${volume}:/data:ro`, 'berth-test/busybox', 'true');

  await row.getByRole('link', { name: volume }).click();
  await expect(page.getByRole('heading', { name: `Volume ${volume}` })).toBeVisible();
  const users = page.locator(`[data-testid="volume-user"][data-name="${user}"]`);
  await expect(users).toContainText('/data');
  await expect(users).toContainText('read-only');

  const greeting = page.locator('[data-testid="volume-file"][data-path="greeting.txt"]');
  await expect(greeting.getByTestId('volume-file-size')).toHaveText('23 B');
  const docs = page.locator('[data-testid="volume-file"][data-path="docs"]');
  await expect(docs.getByTestId('volume-file-size')).toHaveText('1.5 kB');
  await docs.getByRole('button', { name: /docs/ }).click();
  await expect(page.locator('[data-testid="volume-file"][data-path="docs/zeros.bin"]').getByTestId('volume-file-size')).toHaveText('1.5 kB');
  await page.screenshot({ path: `${shots}/volume-files.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), greeting.getByRole('link', { name: 'Download greeting.txt' }).click()]);
  expect(download.suggestedFilename()).toBe('greeting.txt');
  expect(await readFile((await download.path())!, 'utf8')).toBe('hello from a container\n');

  const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export as .tar' }).click()]);
  expect(exported.suggestedFilename()).toBe(`${volume}.tar`);
  const archivePath = (await exported.path())!;
  const names: TarEntry[] = [];
  const reader = new TarReader({ entry: (e) => names.push(e) });
  reader.push(await readFile(archivePath));
  expect(names.map((e) => [e.name, e.size])).toEqual(expect.arrayContaining([['./greeting.txt', 23], ['./docs/zeros.bin', 1500]]));

  // The same path without the web host's token gives nothing away.
  const origin = new URL(process.env.BERTH_WEB_URL!).origin;
  const anonymous = await fetch(`${origin}/api/volumes/${volume}/file?path=greeting.txt`);
  expect(anonymous.status).toBe(401);

  // Into a second volume, made with the CLI: its page shows the imported files.
  await docker('volume', 'create', copy);
  await openBerth(page, `#/volumes/${copy}`);
  await expect(page.getByText('This volume is empty.')).toBeVisible();
  await page.getByTestId('volume-import-input').setInputFiles({ name: 'not-a-tar.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') });
  await expect(page.getByTestId('volume-import-error')).toContainText('not a tar archive');
  await page.getByTestId('volume-import-input').setInputFiles(archivePath);
  await expect(page.locator('[data-testid="volume-file"][data-path="greeting.txt"]').getByTestId('volume-file-size')).toHaveText('23 B');

  // Remove: the UI says who uses it; once that container is gone, the volume goes.
  await docker('rm', '-f', user);
  await page.getByRole('link', { name: 'Volumes' }).first().click();
  await row.getByRole('button', { name: `Remove ${volume}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('cannot be undone');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
  const { stdout } = await docker('volume', 'ls', '--format', '{{.Name}}');
  expect(stdout.split('\n')).not.toContain(volume);
});

test('prune removes an unused named volume after a confirmation, keeps a used one and says what it reclaimed', async ({ page }) => {
  test.skip(!process.env.BERTH_E2E_PRIVATE_ENGINE, "a prune removes everything unused on the engine: run only on the tests' private dockerd, never on yours");
  await docker('volume', 'create', unused);
  // A created container that never ran still counts as using its volume.
  await docker('create', '--name', keeper, '--network', 'none', '-v', `${kept}:/data`, 'berth-test/busybox', 'true');
  await openBerth(page, '#/volumes');
  const unusedRow = page.locator(`[data-testid="volume-row"][data-name="${unused}"]`);
  const keptRow = page.locator(`[data-testid="volume-row"][data-name="${kept}"]`);
  await expect(unusedRow).toBeVisible();
  await expect(keptRow).toBeVisible();

  await page.getByRole('button', { name: 'Prune…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('cannot be undone');
  // Without named volumes, engines from API 1.42 on would prune only anonymous ones.
  await expect(dialog.getByLabel(/Named volumes too/)).toBeChecked();
  await dialog.getByRole('button', { name: 'Prune' }).click();
  await expect(page.getByTestId('volume-prune-result')).toHaveText(/^Removed \d+ volumes?; reclaimed .+\.$/);
  await expect(unusedRow).toHaveCount(0);
  await expect(keptRow).toBeVisible();
  await page.screenshot({ path: `${shots}/volumes-pruned.png`, fullPage: true });

  const { stdout } = await docker('volume', 'ls', '--format', '{{.Name}}');
  const names = stdout.split('\n');
  expect(names).not.toContain(unused);
  expect(names).toContain(kept);
});
