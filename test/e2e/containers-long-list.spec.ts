/**
 * A long Containers list is windowed: only the rows near the viewport are in
 * the page, yet every row shows when scrolled to, keyboard focus walks the
 * whole list, and a change to a row that was off screen is there when the
 * user reaches it.
 */
import Dockerode from 'dockerode';
import { expect, test, type Page } from '@playwright/test';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { WINDOW_FROM_ROWS } from '../../renderer/src/lib/windowing';

const COUNT = WINDOW_FROM_ROWS + 30;
const prefix = `e2e-long-${process.pid}-`;
const nameOf = (i: number) => `${prefix}${String(i).padStart(3, '0')}`;
const docker = new Dockerode(dockerOptionsFromHost(process.env.DOCKER_HOST!));
const ids: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < COUNT) {
        const name = nameOf(next++);
        ids.push((await docker.createContainer({ name, Image: 'berth-test/busybox', Cmd: ['sleep', '3600'] })).id);
      }
    }),
  );
});

test.afterAll(async () => {
  await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
});

const rows = (page: Page) => page.locator(`[data-testid="container-row"][data-name^="${prefix}"]`);
const row = (page: Page, i: number) => page.locator(`[data-testid="container-row"][data-name="${nameOf(i)}"]`);

async function openList(page: Page): Promise<void> {
  await page.goto(process.env.BERTH_WEB_URL!);
  await page.getByRole('link', { name: 'Containers' }).click();
  // Only this test's containers, however many the other tests leave in the engine.
  await page.getByLabel('Filter containers').fill(prefix);
  await expect(row(page, 0)).toBeVisible();
}

test('only the rows near the viewport are rendered, and the last one shows when scrolled to', async ({ page }) => {
  await openList(page);
  const rendered = await rows(page).count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(COUNT);
  await expect(row(page, COUNT - 1)).toHaveCount(0);

  await page.locator('.main').evaluate((main) => (main.scrollTop = main.scrollHeight));
  await expect(row(page, COUNT - 1)).toBeInViewport();
  await expect(row(page, COUNT - 1)).toContainText('created');
  await expect(row(page, 0)).toHaveCount(0);
});

test('Tab walks down past the first screen of rows, each focused control rendered and in view', async ({ page }) => {
  await openList(page);
  await row(page, 0).getByRole('link', { name: nameOf(0) }).focus();
  const focusedIndex = async () => {
    const name = await page
      .locator(':focus')
      .evaluate((el) => el.closest('[data-testid="container-row"]')?.getAttribute('data-name') ?? '', undefined, { timeout: 2_000 });
    return name.startsWith(prefix) ? Number(name.slice(prefix.length)) : -1;
  };
  let index = 0;
  for (let presses = 0; presses < 600 && index < 50; presses++) {
    await page.keyboard.press('Tab');
    index = await focusedIndex();
    expect(index, 'focus stays on a container row').toBeGreaterThanOrEqual(0);
  }
  expect(index).toBeGreaterThanOrEqual(50);
  await expect(page.locator(':focus')).toBeInViewport();
});

test('a container started while its row was off screen says running when scrolled to', async ({ page }) => {
  await openList(page);
  await expect(row(page, COUNT - 1)).toHaveCount(0);
  await docker.getContainer(nameOf(COUNT - 1)).start();
  await page.locator('.main').evaluate((main) => (main.scrollTop = main.scrollHeight));
  await expect(row(page, COUNT - 1)).toContainText('running');
});
