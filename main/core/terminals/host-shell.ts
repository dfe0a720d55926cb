/**
 * The user's own shell on this host, in a pty (node-pty), with DOCKER_HOST
 * pointing at Berth's engine so `docker` in it talks to the engine Berth runs.
 */
import os from 'node:os';
import type { IPty, IPtyForkOptions } from 'node-pty';
import { BerthError } from '../../../preload/contract';
import { describeExit, type TerminalHandlers, type TerminalProcess } from './terminal-process';

/** node-pty's spawn, passed in so tests and hosts without it can choose. */
export type SpawnPty = (file: string, args: string[], options: IPtyForkOptions) => IPty;

export interface HostShellOptions {
  shell?: string;
  cols: number;
  rows: number;
  /** The engine's DOCKER_HOST; null when no engine runs (the shell then keeps Berth's own environment). */
  dockerHost: string | null;
  env: NodeJS.ProcessEnv;
}

const HANG_UP_GRACE_MS = 2_000;

/** Loaded on first use: one-shot CLI commands never need the native module. */
export async function loadSpawnPty(): Promise<SpawnPty> {
  try {
    const pty = await import('node-pty');
    return pty.spawn;
  } catch (error) {
    // A native module built for another Node or Electron version fails here.
    throw new BerthError(
      'not-supported',
      `A host terminal needs node-pty, which did not load (${(error as Error).message}). ` +
        'Run `npm ci` again, or `npx electron-builder install-app-deps` for the desktop app.',
    );
  }
}

export function openHostShell(spawn: SpawnPty, options: HostShellOptions): TerminalProcess {
  const shell = options.shell ?? options.env.SHELL ?? '/bin/sh';
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  if (options.dockerHost) env.DOCKER_HOST = options.dockerHost;
  const pty = spawn(shell, [], { name: 'xterm-256color', cols: options.cols, rows: options.rows, cwd: os.homedir(), env });
  let exit: { exitCode: number; signal?: number } | null = null;
  let handlers: TerminalHandlers | null = null;
  let closing = false;
  const name = shell.split('/').pop() ?? shell;
  const report = (): void => {
    if (!exit || !handlers || closing) return;
    handlers.exit({ exitCode: exit.exitCode, reason: `${name} ${describeExit(exit.exitCode, exit.signal)}.` });
  };
  // Read from the start: node-pty drops output no listener takes.
  let early: string[] | null = [];
  pty.onData((data) => (handlers ? handlers.data(data) : early?.push(data)));
  const exited = new Promise<void>((resolve) =>
    pty.onExit((info) => {
      exit = info;
      resolve();
      report();
    }),
  );
  return {
    title: `${name} (host)`,
    start(given: TerminalHandlers) {
      handlers = given;
      for (const data of early ?? []) given.data(data);
      early = null;
      report(); // it may have ended before the client was ready
    },
    write(data) {
      if (!exit) pty.write(data);
    },
    resize: async (cols, rows) => {
      if (!exit) pty.resize(cols, rows);
    },
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    async close() {
      if (closing) return;
      closing = true;
      if (exit) return;
      // A hang-up, as when a terminal window closes; a shell that ignores it is killed.
      pty.kill('SIGHUP');
      const gone = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), HANG_UP_GRACE_MS)),
      ]);
      if (!gone) {
        pty.kill('SIGKILL');
        await exited;
      }
    },
  };
}
