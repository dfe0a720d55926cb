/**
 * Logs in depth and live stats, in Chromium through the web host, on the
 * real engine: search with next/previous, pause and resume without losing a
 * line, colours and progress lines shown as a terminal would, a compose
 * project's merged logs with a filter per service, and stats of a running
 * container on its page and on the dashboard.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';

const run = promisify(execFile);
const docker = (...args: string[]) => run('docker', args, { env: process.env, timeout: 30_000 });
const suffix = process.pid;
const talker = `e2e-logs-${suffix}`;
const painter = `e2e-logs-ansi-${suffix}`;
const project = `e2elogs${suffix}`;
const shots = 'test/e2e/artifacts';

// One coloured line, one progress line, one cursor move, then silence.
const PAINTER_SCRIPT = [
  "printf '\\033[31mred alert\\033[0m\\n'",
  "printf 'progress 10%%\\rprogress 55%%\\rprogress 100%%\\n'",
  "printf '\\033[2Acursor moved\\n'",
  'sleep 3600',
].join('\n');

// Numbered lines every 0.2 s and two marker lines.
const TALKER_SCRIPT = [
  'i=0',
  'while true; do',
  '  echo "line $i"',
  '  if [ $i = 3 ]; then echo "MARKER first"; fi',
  '  if [ $i = 6 ]; then echo "MARKER second"; fi',
  '  i=$((i+1)); sleep 0.2',
  'done',
].join('\n');

async function openBerth(page: Page, hash = ''): Promise<void> {
  await page.goto(process.env.BERTH_WEB_URL!);
  if (hash) await page.goto(`${new URL(page.url()).origin}/${hash}`);
}

/** The numbers of the "line N" rows the view shows now. */
async function shownNumbers(page: Page): Promise<number[]> {
  const texts = await page.getByTestId('log-line').allInnerTexts();
  return texts.flatMap((t) => {
    const m = /^line (\d+)$/.exec(t.trim());
    return m ? [Number(m[1])] : [];
  });
}

test.beforeAll(async () => {
  await docker('run', '-d', '--name', talker, 'berth-test/busybox', 'sh', '-c', TALKER_SCRIPT);
  await docker('run', '-d', '--name', painter, 'berth-test/busybox', 'sh', '-c', PAINTER_SCRIPT);
  for (const service of ['alpha', 'beta']) {
    // alpha talks; beta stays silent, and must not hide alpha.
    const script = service === 'alpha' ? 'i=0; while true; do echo "alpha says $i"; i=$((i+1)); sleep 0.3; done' : 'sleep 3600';
    await docker('run', '-d', '--name', `${project}-${service}-1`, '--label', `com.docker.compose.project=${project}`,
      '--label', `com.docker.compose.service=${service}`, 'berth-test/busybox', 'sh', '-c', script);
  }
});

test.afterAll(async () => {
  await docker('rm', '-f', talker, painter, `${project}-alpha-1`, `${project}-beta-1`).catch(() => undefined);
});

test('search finds marker lines, highlights them, and next / previous move between them', async ({ page }) => {
  await openBerth(page, `#/containers/${talker}/logs`);
  const view = page.getByTestId('logs-view');
  await expect(view).toContainText('line 7', { timeout: 10_000 });

  await page.getByLabel('Search logs').fill('marker');
  await expect(page.getByTestId('match-count')).toHaveText('0 of 2');

  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByTestId('match-count')).toHaveText('1 of 2');
  const current = view.locator('[data-testid="log-line"][data-current]');
  await expect(current).toHaveText('MARKER first');
  await expect(current.locator('mark.log-match')).toHaveText('MARKER');
  // Every match in view is marked, the current one apart.
  await expect(view.locator('mark.log-match')).toHaveCount(2);
  await page.getByLabel('Search logs').press('Enter');
  await expect(page.getByTestId('match-count')).toHaveText('2 of 2');
  await expect(current).toHaveText('MARKER second');
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(current).toHaveText('MARKER first');
  // Moving to a match holds the view still.
  await expect(page.getByRole('button', { name: 'Resume logs' })).toBeVisible();
  await page.screenshot({ path: `${shots}/logs-search.png`, fullPage: true });

  await page.getByLabel('Search logs').fill('no such text anywhere');
  await expect(page.getByTestId('match-count')).toHaveText('no matches');
  await expect(view.locator('mark.log-match')).toHaveCount(0);
});

test('colours show, cursor codes do not, and a progress line shows its final state', async ({ page }) => {
  await openBerth(page, `#/containers/${painter}/logs`);
  const view = page.getByTestId('logs-view');
  await expect(view).toContainText('red alert');
  // The theme's red (light theme, --ansi-1), against the plain text's colour on the line below.
  await expect(view.getByText('red alert', { exact: true })).toHaveCSS('color', 'rgb(192, 28, 40)');
  await expect(view.getByText('cursor moved', { exact: true })).not.toHaveCSS('color', 'rgb(192, 28, 40)');
  await expect(view.getByTestId('log-line').filter({ hasText: 'progress' })).toHaveText(['progress 100%']);
  await expect(view.getByTestId('log-line').filter({ hasText: 'cursor moved' })).toHaveText(['cursor moved']);
  await expect(view).not.toContainText('[2A');
});

test('pausing holds the view; resuming adds every line that came meanwhile, none lost', async ({ page }) => {
  await openBerth(page, `#/containers/${talker}/logs`);
  const view = page.getByTestId('logs-view');
  await expect(view.getByTestId('log-line').first()).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Pause logs' }).click();
  const before = await shownNumbers(page);
  const lastBefore = Math.max(...before);

  // About ten lines are written while paused; none of them shows, but they are counted.
  await expect(page.getByTestId('held-lines')).toContainText(/\d+ new lines? waiting/, { timeout: 5_000 });
  await page.waitForTimeout(2_000);
  expect(Math.max(...(await shownNumbers(page)))).toBe(lastBefore);
  await page.screenshot({ path: `${shots}/logs-paused.png`, fullPage: true });

  await page.getByRole('button', { name: 'Resume logs' }).click();
  await expect(view).toContainText(`line ${lastBefore + 12}`, { timeout: 5_000 });
  const after = await shownNumbers(page);
  // The rows shown are consecutive through the pause: nothing between them went missing.
  expect(after.length).toBeGreaterThan(12);
  after.forEach((n, i) => expect(n).toBe(after[0]! + i));
  expect(after[0]).toBeLessThanOrEqual(lastBefore);
});

test('timestamps show on demand; copy and download give the lines as plain text; clear empties the view', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openBerth(page, `#/containers/${talker}/logs`);
  const view = page.getByTestId('logs-view');
  await expect(view.getByTestId('log-line').first()).toBeVisible({ timeout: 10_000 });
  await expect(view.locator('.log-ts')).toHaveCount(0);
  await page.getByLabel('Timestamps').check();
  await expect(view.locator('.log-ts').first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  await page.getByRole('button', { name: 'Pause logs' }).click();

  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByText(/Copied \d+ lines/)).toBeVisible();
  const copied = String(await page.evaluate('navigator.clipboard.readText()'));
  expect(copied).toMatch(/^\d{4}-\d\d-\d\dT[^ ]+ MARKER first$/m);
  expect(copied).toMatch(/^\d{4}-\d\d-\d\dT[^ ]+ line 0$/m);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${talker}-.*\\.log$`));
  const { readFile } = await import('node:fs/promises');
  const saved = await readFile((await download.path())!, 'utf8');
  expect(saved).toContain('MARKER first');
  expect(saved).not.toContain('\x1b');

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(view.getByTestId('log-line')).toHaveCount(0);
  await page.getByRole('button', { name: 'Resume logs' }).click();
  await expect(view.getByTestId('log-line').first()).toBeVisible();
});

test('a compose project shows its services merged, each with its colour and filter; a silent one hides nothing', async ({ page }) => {
  await openBerth(page, '#/containers');
  await page.getByRole('link', { name: `Logs of ${project}` }).click();
  const view = page.getByTestId('logs-view');
  await expect(view).toContainText(/alpha says \d+/, { timeout: 10_000 });
  const alphaLabel = view.getByTestId('log-source').filter({ hasText: 'alpha' }).first();
  await expect(alphaLabel).toBeVisible();
  await expect(page.getByTestId('log-source-filter')).toHaveCount(2);
  await page.screenshot({ path: `${shots}/logs-project.png`, fullPage: true });

  await page.getByLabel('Show alpha').uncheck();
  await expect(view.getByTestId('log-line')).toHaveCount(0);
  await page.getByLabel('Show alpha').check();
  await expect(view).toContainText('alpha says');
  // beta never said a thing; hiding it leaves alpha's lines as they were.
  await page.getByLabel('Show beta').uncheck();
  await expect(view).toContainText('alpha says');
});

test('stats of a running container show on its page and in the dashboard totals', async ({ page }) => {
  await openBerth(page, `#/containers/${talker}/stats`);
  const stats = page.getByTestId('container-stats');
  await expect(stats).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('stats-cpu')).toHaveText(/^\d+(\.\d)? %$/);
  await expect(page.getByTestId('stats-memory')).toHaveText(/\d.* of \d.*\(\d/);
  await expect(page.getByTestId('stats-chart')).toHaveCount(4);
  // A second sample a second later draws a line with two points or more.
  await expect
    .poll(async () => (await page.locator('[data-label="CPU"] polyline').first().getAttribute('points'))?.split(' ').length ?? 0, { timeout: 10_000 })
    .toBeGreaterThan(1);
  await page.screenshot({ path: `${shots}/container-stats.png`, fullPage: true });

  await page.getByRole('link', { name: 'Dashboard' }).click();
  const totals = page.getByTestId('container-totals');
  await expect(totals).toContainText(/[3-9]\d* containers|\d{2,} containers/);
  await expect(page.getByTestId('totals-memory')).toHaveText(/\d.*iB|\d+ B/, { timeout: 10_000 });
  await page.screenshot({ path: `${shots}/dashboard-totals.png`, fullPage: true });
});
