/**
 * Brings up what the end-to-end tests drive: a real Docker Engine (a private
 * dockerd when none answers and we are root), the offline test image, and
 * `berth web` on a fresh BERTH_HOME. Its URL reaches the tests through env.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Dockerode from 'dockerode';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { ensureBusyboxImage } from '../fixtures/busybox-image';
import { ensureDockerEngine } from '../fixtures/dockerd-harness';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const engine = await ensureDockerEngine();
  process.env.DOCKER_HOST = engine.dockerHost;
  // Prune tests remove everything unused on the engine: only on one the tests started themselves.
  process.env.BERTH_E2E_PRIVATE_ENGINE = engine.startedPrivate ? '1' : '';
  await ensureBusyboxImage(new Dockerode(dockerOptionsFromHost(engine.dockerHost)));

  const home = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-'));
  process.env.BERTH_HOME = home;
  const web = spawn(process.execPath, ['dist/cli.cjs', 'web', '--json'], {
    // The host terminal runs $SHELL: a plain sh, so the tests do not depend on the runner's own shell start-up files
    // (root's ~/.bashrc on the CI machine leaves an interactive bash silent).
    env: { ...process.env, BERTH_HOME: home, DOCKER_HOST: engine.dockerHost, SHELL: '/bin/sh' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('berth web did not print its URL within 20 s')), 20_000);
    web.once('exit', (code) => reject(new Error(`berth web exited early with ${code}`)));
    let json = '';
    createInterface({ input: web.stdout! }).on('line', (line) => {
      json += line;
      try {
        const parsed = JSON.parse(json) as { url: string; pid: number };
        clearTimeout(timer);
        resolve(parsed);
      } catch {
        // The JSON is printed over several lines; keep reading.
      }
    });
  });
  process.env.BERTH_WEB_URL = started.url;

  return async () => {
    const exited = new Promise((resolve) => web.once('exit', resolve));
    web.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (web.exitCode === null) web.kill('SIGKILL');
    await rm(home, { recursive: true, force: true });
    await engine.stop();
  };
}
