// Benchmark: the Logs view following a container that writes numbered lines
// as fast as it can, for 30 s, in Chromium through `berth web`. Prints the
// lines per second the view showed against what the container wrote (the
// ratio), frame times (p50 / p95) against the same view on a quiet container
// (the baseline, measured first in the same run), and the renderer's JS heap
// at the end against before the noise. Not a timed test: figures only.
//   node test/bench/logs.mjs      (needs `npm run build`)
/* global document, performance, requestAnimationFrame -- the functions passed to page.evaluate run in the page */
import { median, percentile, sleep, startStack } from './ui-stack.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const stack = await startStack();
const { docker, page } = stack;
const created = [];

async function runContainer(name, script) {
  const container = await docker.createContainer({ name, Image: 'berth-test/busybox', Cmd: ['sh', '-c', script] });
  created.push(container);
  await container.start();
  return container;
}

/** The highest "line N" the view shows now (-1 before the first). */
const lastShown = () =>
  page.evaluate(() => {
    let best = -1;
    for (const el of document.querySelectorAll('[data-testid="log-line"]')) {
      const m = /line (\d+)/.exec(el.textContent ?? '');
      if (m) best = Math.max(best, Number(m[1]));
    }
    return best;
  });

/** The last number the container wrote, from the engine. */
async function lastWritten(container) {
  const buffer = await container.logs({ stdout: true, stderr: false, tail: 3, follow: false });
  const numbers = [...buffer.toString('latin1').matchAll(/line (\d+)/g)].map((m) => Number(m[1]));
  return Math.max(-1, ...numbers);
}

/** Frame-to-frame times (ms) in the page over `ms`. */
async function frameTimes(ms) {
  return page.evaluate(
    (duration) =>
      new Promise((resolve) => {
        const deltas = [];
        let last = performance.now();
        const end = last + duration;
        const tick = (now) => {
          deltas.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(tick);
          else resolve(deltas);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

async function heapBytes(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize').value;
}

const fmtMs = (x) => `${x.toFixed(1)} ms`;
const fmtMiB = (x) => `${(x / 2 ** 20).toFixed(1)} MiB`;

try {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  // Baseline: the same view on a container that writes one line a second.
  const quiet = await runContainer(`bench-logs-quiet-${process.pid}`, 'i=0; while :; do echo "line $i"; i=$((i+1)); sleep 1; done');
  await stack.goto(`#/containers/${quiet.id}/logs`);
  await page.getByTestId('log-line').first().waitFor({ timeout: 15_000 });
  const idleFrames = await frameTimes(5_000);
  const heapBefore = await heapBytes(cdp);

  // The noisy one: a shell loop, numbered lines of about 80 characters.
  const noisy = await runContainer(
    `bench-logs-noisy-${process.pid}`,
    'i=0; while :; do echo "line $i the quick brown fox jumps over the lazy dog 0123456789 abcdefghij"; i=$((i+1)); done',
  );
  await stack.goto(`#/containers/${noisy.id}/logs`);
  await page.getByTestId('log-line').first().waitFor({ timeout: 15_000 });
  const shownStart = await lastShown();
  const writtenStart = await lastWritten(noisy);
  const started = Date.now();
  const framesPromise = frameTimes(SECONDS * 1000);
  const perSecond = [];
  let previous = shownStart;
  for (let s = 0; s < SECONDS; s++) {
    await sleep(1000);
    const now = await lastShown();
    perSecond.push(now - previous);
    previous = now;
  }
  const frames = await framesPromise;
  const elapsed = (Date.now() - started) / 1000;
  const shownEnd = await lastShown();
  const writtenEnd = await lastWritten(noisy);
  // Measured while the stream still runs: a stopped container renews the view.
  const heapAfter = await heapBytes(cdp);
  const domRows = await page.getByTestId('log-line').count();
  await noisy.kill().catch(() => undefined);

  const shownRate = (shownEnd - shownStart) / elapsed;
  const writtenRate = (writtenEnd - writtenStart) / elapsed;
  console.log(`logs bench: ${SECONDS} s following a container writing as fast as it can (one run, ${elapsed.toFixed(1)} s measured)`);
  console.log(`  container wrote     ${Math.round(writtenRate).toLocaleString('en')} lines/s`);
  console.log(`  view showed         ${Math.round(shownRate).toLocaleString('en')} lines/s (median of per-second counts ${Math.round(median(perSecond)).toLocaleString('en')})`);
  console.log(`  shown / written     ${(shownRate / writtenRate).toFixed(2)}; behind at the end by ${(writtenEnd - shownEnd).toLocaleString('en')} lines`);
  console.log(`  frame time          p50 ${fmtMs(median(frames))}, p95 ${fmtMs(percentile(frames, 95))} (${frames.length} frames)`);
  console.log(`  baseline (quiet)    p50 ${fmtMs(median(idleFrames))}, p95 ${fmtMs(percentile(idleFrames, 95))}; p95 ratio ${(percentile(frames, 95) / percentile(idleFrames, 95)).toFixed(2)}`);
  console.log(`  renderer JS heap    ${fmtMiB(heapAfter)} at the end, ${fmtMiB(heapBefore)} before the noise (ratio ${(heapAfter / heapBefore).toFixed(2)}); ${domRows} rows in the DOM`);
} finally {
  for (const c of created) await c.remove({ force: true }).catch(() => undefined);
  await stack.stop();
}
