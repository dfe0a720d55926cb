/**
 * A shell in a running container: `docker exec -it` through the engine API.
 *
 * Docker ends no exec process when its client goes away: closing the
 * connection leaves the shell (and what it started) running in the container.
 * So each shell carries a marker in its environment, inherited by its
 * children, and closing runs a second exec that hangs up every process
 * carrying it, then kills what is left.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { BerthError } from '../../../preload/contract';
import { toBerthError } from '../docker/errors';
import { deliverOutput, inspectContainer, streamInput } from './container-stream';
import { describeExit, type TerminalHandlers, type TerminalProcess } from './terminal-process';

export interface ContainerShellOptions {
  containerId: string;
  /** A path or a name; absent: /bin/bash when the container has it, else /bin/sh. */
  shell?: string;
  cols: number;
  rows: number;
}

const MARKER_VARIABLE = 'BERTH_TERMINAL';
/** How long close() waits for the hang-up exec before giving up on it. */
const KILL_TIMEOUT_MS = 10_000;

// The wrapper falls back to /bin/sh so a container without the wanted shell still opens.
const DEFAULT_SHELL_SCRIPT = 'if [ -x /bin/bash ]; then exec /bin/bash; fi; exec /bin/sh';
const CHOSEN_SHELL_SCRIPT =
  'if command -v "$1" >/dev/null 2>&1; then exec "$1"; fi; ' +
  'echo "berth: $1 is not in this container; starting /bin/sh instead" >&2; exec /bin/sh';

// Hang up every process carrying the marker (the shell and its children), give
// them 2 s to go, then kill the rest. The marker is an argument, not in this
// exec's own environment, so the script never matches itself.
const HANG_UP_SCRIPT = [
  'marked() { for p in /proc/[0-9]*; do grep -q "$1" "$p/environ" 2>/dev/null && echo "${p#/proc/}"; done; }',
  'pids=$(marked "$1"); [ -n "$pids" ] && kill -HUP $pids 2>/dev/null',
  'i=0; while [ $i -lt 10 ] && [ -n "$(marked "$1")" ]; do sleep 0.2; i=$((i+1)); done',
  'pids=$(marked "$1"); [ -n "$pids" ] && kill -KILL $pids 2>/dev/null',
  'true',
].join('\n');

export async function openContainerShell(docker: Dockerode, options: ContainerShellOptions): Promise<TerminalProcess> {
  const { container, info, name, what } = await inspectContainer(docker, options.containerId);
  if (!info.State.Running || info.State.Paused) {
    const state = info.State.Paused ? 'paused' : 'not running';
    throw new BerthError('conflict', `${name} is ${state}; start it to open a shell in it.`);
  }
  const marker = `${MARKER_VARIABLE}=${randomUUID()}`;
  const cmd = options.shell
    ? ['/bin/sh', '-c', CHOSEN_SHELL_SCRIPT, 'berth-shell', options.shell]
    : ['/bin/sh', '-c', DEFAULT_SHELL_SCRIPT];
  let exec: Dockerode.Exec;
  let stream: Duplex;
  try {
    exec = await container.exec({
      Cmd: cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color', marker],
    });
    stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  } catch (error) {
    throw toBerthError(error, what);
  }
  // A size before the first prompt, so the shell lays out its first line right.
  await exec.resize({ h: options.rows, w: options.cols }).catch(() => undefined);

  let closing = false;
  const title = `${options.shell ?? 'shell'} in ${name}`;
  return {
    title,
    start(handlers: TerminalHandlers) {
      deliverOutput(stream, handlers, () => {
        if (closing) return;
        void exitCodeOf(exec).then((code) =>
          handlers.exit({ exitCode: code, reason: `The shell ${describeExit(code)}.` }),
        );
      });
    },
    ...streamInput(stream),
    async resize(cols, rows) {
      await exec.resize({ h: rows, w: cols }).catch((error: unknown) => {
        throw toBerthError(error, `the shell in ${name}`);
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      stream.destroy();
      await hangUpMarked(container, marker);
    },
  };
}

/** The exec's exit code; the engine may take a moment to record it after the stream ends. */
async function exitCodeOf(exec: Dockerode.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const info = await exec.inspect().catch(() => null);
    if (!info) return null;
    if (!info.Running) return info.ExitCode ?? null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

async function hangUpMarked(container: Dockerode.Container, marker: string): Promise<void> {
  try {
    const exec = await container.exec({ Cmd: ['/bin/sh', '-c', HANG_UP_SCRIPT, 'berth-hangup', marker], AttachStdout: true, AttachStderr: true });
    const output = (await exec.start({ hijack: true, stdin: false })) as Duplex;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        output.destroy();
        resolve();
      }, KILL_TIMEOUT_MS);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      output.on('end', done);
      output.on('close', done);
      output.on('error', done);
      output.resume();
    });
  } catch {
    // The container stopped (its processes went with it) or the engine went away.
  }
}
