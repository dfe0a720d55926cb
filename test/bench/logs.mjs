// Benchmark: the Logs view following a container that writes numbered lines
// as fast as it can, for 30 s, in Chromium through `berth web`. Prints the
// lines per second the view showed against what the container wrote (the
// ratio), frame times (p50 / p95) against the same view on a quiet container
// (the baseline, measured first in the same run), and the renderer's JS heap
// at the end against before the noise, and the CPU time each process
// (berth web, Chromium's renderer) spent per line shown — the steadier figure
// on a shared machine. Not a timed test: figures only.
//   node test/bench/logs.mjs                       (needs `npm run build`)
//   BENCH_SOURCE=flood node test/bench/logs.mjs    Berth's own ceiling, past the engine's
/* global document, performance, requestAnimationFrame -- the functions passed to page.evaluate run in the page */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFloodEngine } from './log-flood-engine.mjs';
import { cpuByKind, microsPerLine } from './process-cpu.mjs';
import { median, percentile, sleep, startStack } from './ui-stack.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
// BENCH_SOURCE=flood: Berth reads the noisy container's logs from a stand-in
// (log-flood-engine.mjs) that makes lines as fast as Berth takes them, since
// the engine's follow stream is slower than what Berth must keep up with.
const FLOOD = process.env.BENCH_SOURCE === 'flood';
let floodEngine = null;
const stack = await startStack({
  webDockerHost: async (host) => {
    if (!FLOOD) return host;
    floodEngine = await startFloodEngine(host);
    return floodEngine.dockerHost;
  },
});
const { docker, page } = stack;
const created = [];
// BENCH_WRITER=shell: the busybox loop the first figures were taken with (about 70,000 lines/s at most here).
const WRITER = process.env.BENCH_WRITER ?? 'c';
const WRITER_IMAGE = await writerImage();

/**
 * The test image plus test/bench/log-writer.c built static: a shell loop
 * cannot write lines as fast as the bench must read them. Tagged by the
 * source's hash, so an edited writer is rebuilt.
 */
async function writerImage() {
  const source = path.resolve('test/bench/log-writer.c');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-log-writer-'));
  try {
    const binary = path.join(dir, 'log-writer');
    execFileSync('gcc', ['-static', '-O2', '-o', binary, source]);
    const parts = stack.parts;
    return await parts.ensureBusyboxImage(docker, `berth-bench/log-writer:${hash}`, { 'log-writer': binary });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines per second the engine's own follow stream carries to a plain reader (no Berth), over `ms`. */
async function engineFollowRate(container, ms) {
  const stream = await container.logs({ follow: true, stdout: true, stderr: true, timestamps: true, tail: 0 });
  let newlines = 0;
  const started = Date.now();
  stream.on('data', (chunk) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines++;
  });
  await sleep(ms);
  stream.destroy();
  return newlines / ((Date.now() - started) / 1000);
}

async function runContainer(name, script, cmd = ['sh', '-c', script]) {
  const container = await docker.createContainer({ name, Image: WRITER_IMAGE, Cmd: cmd });
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

/** The last number the container wrote, from the engine (or the last the stand-in made). */
async function lastWritten(container) {
  if (floodEngine) return floodEngine.generated() - 1;
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
    WRITER === 'shell' ? undefined : FLOOD ? ['sleep', '3600'] : ['log-writer'],
  );
  if (floodEngine) floodEngine.target = noisy.id;
  await stack.goto(`#/containers/${noisy.id}/logs`);
  await page.getByTestId('log-line').first().waitFor({ timeout: 15_000 });
  const shownStart = await lastShown();
  const writtenStart = await lastWritten(noisy);
  const started = Date.now();
  const cpuStart = cpuByKind();
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
  const cpuEnd = cpuByKind();
  const shownEnd = await lastShown();
  const writtenEnd = await lastWritten(noisy);
  // Measured while the stream still runs: a stopped container renews the view.
  const heapAfter = await heapBytes(cdp);
  const domRows = await page.getByTestId('log-line').count();
  // The ceiling: the engine's follow stream read by a plain client, with the view closed.
  await stack.goto('#/containers');
  const engineRate = floodEngine ? NaN : await engineFollowRate(noisy, 10_000);
  await noisy.kill().catch(() => undefined);

  const shownRate = (shownEnd - shownStart) / elapsed;
  const writtenRate = (writtenEnd - writtenStart) / elapsed;
  console.log(`logs bench: ${SECONDS} s following a container writing as fast as it can (one run, ${elapsed.toFixed(1)} s measured)`);
  const writer = FLOOD ? 'the stand-in engine, as fast as Berth read' : WRITER === 'shell' ? 'busybox shell loop' : 'static C writer';
  console.log(`  container wrote     ${Math.round(writtenRate).toLocaleString('en')} lines/s (${writer})`);
  if (!FLOOD) console.log(`  engine follow alone ${Math.round(engineRate).toLocaleString('en')} lines/s (a plain reader of the engine's stream, 10 s after the view closed)`);
  console.log(`  view showed         ${Math.round(shownRate).toLocaleString('en')} lines/s (median of per-second counts ${Math.round(median(perSecond)).toLocaleString('en')})`);
  console.log(`  shown / written     ${(shownRate / writtenRate).toFixed(2)}; behind at the end by ${(writtenEnd - shownEnd).toLocaleString('en')} lines`);
  if (!FLOOD) console.log(`  shown / engine      ${(shownRate / engineRate).toFixed(2)}`);
  const perLine = microsPerLine(cpuStart, cpuEnd, shownEnd - shownStart);
  console.log(`  CPU per line shown  ${Object.entries(perLine).map(([kind, us]) => `${kind} ${us.toFixed(2)} µs`).join(', ')}`);
  console.log(`  frame time          p50 ${fmtMs(median(frames))}, p95 ${fmtMs(percentile(frames, 95))} (${frames.length} frames)`);
  console.log(`  baseline (quiet)    p50 ${fmtMs(median(idleFrames))}, p95 ${fmtMs(percentile(idleFrames, 95))}; p95 ratio ${(percentile(frames, 95) / percentile(idleFrames, 95)).toFixed(2)}`);
  console.log(`  renderer JS heap    ${fmtMiB(heapAfter)} at the end, ${fmtMiB(heapBefore)} before the noise (ratio ${(heapAfter / heapBefore).toFixed(2)}); ${domRows} rows in the DOM`);
} finally {
  for (const c of created) await c.remove({ force: true }).catch(() => undefined);
  await stack.stop();
  await floodEngine?.stop();
}
