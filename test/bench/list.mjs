// Benchmark: the Containers page with 500 containers in the engine (created,
// not started), in Chromium through `berth web`. Prints the time from
// opening the page to all 500 rows shown (median of 3 loads), and the time
// from `docker start` of one of them to its row saying "running" (median of
// 5), against the engine's own time to answer that start (the baseline; the
// ratio says what Berth and the page add on top). Figures only.
//   node test/bench/list.mjs      (needs `npm run build`)
/* global document, performance, requestAnimationFrame -- the functions passed to page.evaluate run in the page */
import { median, startStack } from './ui-stack.mjs';

const COUNT = Number(process.env.BENCH_CONTAINERS ?? 500);
const stack = await startStack();
const { docker, page } = stack;
const prefix = `bench-list-${process.pid}-`;
const created = [];

async function createAll() {
  const started = Date.now();
  let next = 0;
  // A few at a time: the engine serialises much of a create anyway.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < COUNT) {
        const i = next++;
        const name = `${prefix}${String(i).padStart(3, '0')}`;
        created.push(await docker.createContainer({ name, Image: 'berth-test/busybox', Cmd: ['sleep', '3600'] }));
      }
    }),
  );
  return (Date.now() - started) / 1000;
}

const rowsShown = () => page.locator(`[data-testid="container-row"][data-name^="${prefix}"]`).count();

try {
  const createSeconds = await createAll();

  const loads = [];
  for (let i = 0; i < 3; i++) {
    await stack.goto('#/dashboard');
    await page.reload();
    await page.getByRole('link', { name: 'Containers' }).waitFor();
    const t0 = await page.evaluate(() => performance.now());
    await page.getByRole('link', { name: 'Containers' }).click();
    await page.waitForFunction(
      ([p, n]) => document.querySelectorAll(`[data-testid="container-row"][data-name^="${p}"]`).length >= n,
      [prefix, COUNT],
      { timeout: 60_000, polling: 'raf' },
    );
    loads.push((await page.evaluate(() => performance.now())) - t0);
  }

  const reflect = [];
  const engineAnswers = [];
  for (let i = 0; i < 5; i++) {
    const container = created[i * 37];
    const name = (await container.inspect()).Name.replace(/^\//, '');
    const selector = `[data-testid="container-row"][data-name="${name}"]`;
    // The page's clock: the start is sent from here and the row is watched in the same frame loop.
    const watching = page.evaluate(
      (sel) =>
        new Promise((resolve) => {
          const tick = () => (document.querySelector(sel)?.getAttribute('data-state') === 'running' ? resolve(performance.now()) : requestAnimationFrame(tick));
          tick();
        }),
      selector,
    );
    const sentAt = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    await container.start();
    engineAnswers.push(Date.now() - t0);
    const shownAt = await watching;
    reflect.push(shownAt - sentAt);
  }
  const shown = await rowsShown();
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);

  console.log(`list bench: ${COUNT} containers (created in ${createSeconds.toFixed(1)} s; one run)`);
  console.log(`  Containers page, all ${shown} rows shown   median ${median(loads).toFixed(0)} ms (loads: ${loads.map((x) => x.toFixed(0)).join(', ')} ms); ${domNodes} DOM nodes`);
  console.log(`  one start reflected in its row   median ${median(reflect).toFixed(0)} ms (${reflect.map((x) => x.toFixed(0)).join(', ')} ms)`);
  console.log(`  engine's own answer to the start median ${median(engineAnswers).toFixed(0)} ms; reflected / engine ${(median(reflect) / median(engineAnswers)).toFixed(2)}`);
} finally {
  await Promise.all(created.map((c) => c.remove({ force: true }).catch(() => undefined)));
  await stack.stop();
}
