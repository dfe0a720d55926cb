// Benchmark: the Containers page with 500 containers in the engine (created,
// not started), in Chromium through `berth web`. Prints the time from
// clicking Containers to the screen filled with rows, as a user sees it (the
// list is windowed: rows below the fold are rendered when scrolled to;
// median of 3 loads), the time from a jump to the end of the list to its last
// row shown, and the time from `docker start` of one of them to its row's
// state reading "running" (median of 5), against the engine's own time to
// answer that start (the baseline; the ratio and the difference say what
// Berth and the page add on top). Figures only.
//   node test/bench/list.mjs      (needs `npm run build`)
/* global document, performance, requestAnimationFrame, window -- the functions passed to page.evaluate run in the page */
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
const lastName = `${prefix}${String(COUNT - 1).padStart(3, '0')}`;

// Rows for the whole visible part of the page: all of them, or enough to reach below the viewport's bottom.
function screenFilled([p, n]) {
  const rows = document.querySelectorAll(`[data-testid="container-row"][data-name^="${p}"]`);
  if (rows.length >= n) return true;
  const last = rows[rows.length - 1];
  return last !== undefined && last.getBoundingClientRect().bottom >= window.innerHeight;
}

// Scrolls the list (the page's scrolling main area) a screen at a time until the named row is rendered, then centres it.
function scrollToRow(name) {
  const scroller = document.querySelector('.main');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return (async () => {
    scroller.scrollTop = 0;
    await frame();
    for (;;) {
      const row = document.querySelector(`[data-testid="container-row"][data-name="${name}"]`);
      if (row) {
        row.scrollIntoView({ block: 'center' });
        return true;
      }
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight) return false;
      scroller.scrollTop += scroller.clientHeight;
      await frame();
    }
  })();
}

try {
  const createSeconds = await createAll();

  // The renderer's main-thread CPU time as well as the wall-clock time: on a shared machine the clock also counts waiting for a core.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
  const loads = [];
  const loadCpu = [];
  for (let i = 0; i < 3; i++) {
    await stack.goto('#/dashboard');
    await page.reload();
    await page.getByRole('link', { name: 'Containers' }).waitFor();
    // From the click as the page receives it (not from when the driver began its own checks before clicking).
    await page.evaluate(() => window.addEventListener('click', () => (window.benchClickAt = performance.now()), { capture: true, once: true }));
    const cpu0 = await threadTime();
    await page.getByRole('link', { name: 'Containers' }).click();
    await page.waitForFunction(screenFilled, [prefix, COUNT], { timeout: 60_000, polling: 'raf' });
    loads.push(await page.evaluate(() => performance.now() - window.benchClickAt));
    loadCpu.push((await threadTime()) - cpu0);
  }
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const shown = await rowsShown();

  // A jump to the end (the End key, a dragged scrollbar): the last row must be rendered where the user looks.
  const jumps = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => (document.querySelector('.main').scrollTop = 0));
    await page.waitForTimeout(200);
    jumps.push(
      await page.evaluate(
        (name) =>
          new Promise((resolve) => {
            const scroller = document.querySelector('.main');
            const t0 = performance.now();
            scroller.scrollTop = scroller.scrollHeight;
            const tick = () => {
              const row = document.querySelector(`[data-testid="container-row"][data-name="${name}"]`);
              const box = row?.getBoundingClientRect();
              if (box && box.bottom > 0 && box.top < window.innerHeight) resolve(performance.now() - t0);
              else requestAnimationFrame(tick);
            };
            tick();
          }),
        lastName,
      ),
    );
  }

  const reflect = [];
  const engineAnswers = [];
  for (let i = 0; i < 5; i++) {
    const container = created[i * 37];
    const name = (await container.inspect()).Name.replace(/^\//, '');
    const selector = `[data-testid="container-row"][data-name="${name}"] .state-cell`;
    if (!(await page.evaluate(scrollToRow, name))) throw new Error(`${name} never showed in the list`);
    // The page's clock: the start is sent from here and the row's state, as the user reads it, is watched in the same frame loop.
    const watching = page.evaluate(
      (sel) =>
        new Promise((resolve) => {
          const tick = () => (document.querySelector(sel)?.textContent.includes('running') ? resolve(performance.now()) : requestAnimationFrame(tick));
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

  console.log(`list bench: ${COUNT} containers (created in ${createSeconds.toFixed(1)} s; one run)`);
  console.log(`  Containers page, screen filled      median ${median(loads).toFixed(0)} ms (loads: ${loads.map((x) => x.toFixed(0)).join(', ')} ms); ${domNodes} DOM nodes, ${shown} of ${COUNT} rows rendered`);
  console.log(`    renderer main-thread CPU for it   median ${median(loadCpu).toFixed(0)} ms (${loadCpu.map((x) => x.toFixed(0)).join(', ')} ms; includes the driver's own calls)`);
  console.log(`  jump to the end, last row shown    median ${median(jumps).toFixed(0)} ms (${jumps.map((x) => x.toFixed(0)).join(', ')} ms)`);
  console.log(`  one start reflected in its row     median ${median(reflect).toFixed(0)} ms (${reflect.map((x) => x.toFixed(0)).join(', ')} ms)`);
  console.log(`  engine's own answer to the start   median ${median(engineAnswers).toFixed(0)} ms; reflected / engine ${(median(reflect) / median(engineAnswers)).toFixed(2)}; Berth adds ${(median(reflect) - median(engineAnswers)).toFixed(0)} ms`);
} finally {
  await Promise.all(created.map((c) => c.remove({ force: true }).catch(() => undefined)));
  await stack.stop();
}
