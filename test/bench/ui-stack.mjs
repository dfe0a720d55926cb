// The stack the UI benchmarks drive, as the e2e tests have it: a Docker
// Engine (a private dockerd when none answers and we are root), the offline
// test image, `berth web` on a fresh BERTH_HOME, and Debian's Chromium.
/* global clearTimeout, URL */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import Dockerode from 'dockerode';
import { build } from 'esbuild';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `webDockerHost(engineHost)`: where `berth web` finds the engine, when not the engine itself (a proxy). */
export async function startStack({ webDockerHost = async (host) => host } = {}) {
  // Inside the checkout (dist/), so the bundle's require() finds node_modules.
  const bundle = path.resolve('dist/bench/ui-parts.cjs');
  await build({ entryPoints: ['test/bench/ui-parts.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, packages: 'external', logLevel: 'warning' });
  const parts = createRequire(import.meta.url)(bundle);

  const engine = await parts.ensureDockerEngine();
  const docker = new Dockerode(parts.dockerOptionsFromHost(engine.dockerHost));
  await parts.ensureBusyboxImage(docker);

  const home = mkdtempSync(path.join(os.tmpdir(), 'berth-bench-ui-'));
  const webEngineHost = await webDockerHost(engine.dockerHost);
  const web = spawn(process.execPath, ['dist/cli.cjs', 'web', '--json'], {
    env: { ...process.env, BERTH_HOME: home, DOCKER_HOST: webEngineHost },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('berth web did not print its URL within 20 s')), 20_000);
    web.once('exit', (code) => reject(new Error(`berth web exited early with ${code}`)));
    let json = '';
    createInterface({ input: web.stdout }).on('line', (line) => {
      json += line;
      try {
        const parsed = JSON.parse(json);
        clearTimeout(timer);
        resolve(parsed.url);
      } catch {
        // printed over several lines; keep reading
      }
    });
  });
  const browser = await chromium.launch({
    executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--enable-precise-memory-info'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  const origin = new URL(page.url()).origin;

  return {
    docker,
    dockerHost: engine.dockerHost,
    page,
    /** The TypeScript helpers (ui-parts.ts), bundled. */
    parts,
    /** Opens a hash route in the same tab (the token is already a cookie by now). */
    goto: (hash) => page.goto(`${origin}/${hash}`),
    async stop() {
      await browser.close().catch(() => undefined);
      const exited = new Promise((resolve) => web.once('exit', resolve));
      web.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (web.exitCode === null) web.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
      await engine.stop();
    },
  };
}
