/**
 * `berth start` with no Berth running starts one in the background — the
 * daemon — because the engine (a VM, the Docker socket bridge) must outlive
 * the command. The daemon serves the control socket, and exits once its
 * engine has stopped, so `berth stop` leaves nothing behind.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../preload/contract';
import { createBerth } from '../core/berth';
import { socketAnswers } from '../core/fs/unix-socket';
import type { BerthPaths } from '../core/paths';
import { startControlServer } from '../core/rpc/control-server';
import { serveWebUiOnRequest } from '../web/web-ui-host';

export const DAEMON_LOG = 'berth-daemon.log';

/** Starts the daemon and waits until its control socket answers. */
export async function spawnDaemon(paths: BerthPaths): Promise<void> {
  mkdirSync(paths.logsDir, { recursive: true });
  const logFile = path.join(paths.logsDir, DAEMON_LOG);
  const log = openSync(logFile, 'a', 0o600);
  const child = spawn(process.execPath, [process.argv[1]!, 'daemon'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: process.env,
  });
  closeSync(log);
  child.unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await socketAnswers(paths.controlSocket, 500)) return;
    const code = await Promise.race([exited, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 200))]);
    if (code !== 'waiting') throw new BerthError('internal', `Berth's background process exited (code ${code}); see ${logFile}`);
  }
  throw new BerthError('timeout', `Berth's background process did not answer within 15 s; see ${logFile}`);
}

/** The daemon itself: a Berth host with no UI. */
export async function runDaemon(): Promise<number> {
  const log = (message: string) => process.stdout.write(`${new Date().toISOString()} ${message}\n`);
  const webUi = serveWebUiOnRequest(() => berth, path.join(__dirname, 'renderer'), log, true);
  const berth = await createBerth({ autoStart: false, log, webUi });
  const control = await startControlServer(berth);
  log(`daemon ${process.pid} serving ${control.path}`);
  // Once asked to start (even a start that failed), the daemon leaves when the engine is stopped.
  let wasStarted = false;
  await new Promise<void>((resolve) => {
    berth.bus.on('engine:state-changed', (status) => {
      if (status.state !== 'stopped') wasStarted = true;
      if (status.state !== 'stopped' || !wasStarted) return;
      // A restart passes through `stopped` too: leave only if the engine stays
      // stopped once the caller (still connected while it waits) has its answer.
      void control.whenIdle(5_000).then(() => {
        if (berth.engine.getStatus().state === 'stopped') resolve();
      });
    });
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  log('daemon shutting down');
  await control.close().catch(() => undefined);
  await webUi.close().catch(() => undefined);
  await berth.dispose();
  return 0;
}
