/**
 * What a container attach and a container shell share: finding the container,
 * and carrying a terminal over the engine's hijacked stream.
 */
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { toBerthError } from '../docker/errors';
import type { TerminalHandlers, TerminalProcess } from './terminal-process';

export interface InspectedContainer {
  container: Dockerode.Container;
  info: Dockerode.ContainerInspectInfo;
  /** The name without the engine's leading slash. */
  name: string;
  /** How errors name it: "container 3f2a…". */
  what: string;
}

export async function inspectContainer(docker: Dockerode, containerId: string): Promise<InspectedContainer> {
  const container = docker.getContainer(containerId);
  const what = `container ${containerId}`;
  const info = await container.inspect().catch((error: unknown) => {
    throw toBerthError(error, what);
  });
  return { container, info, name: info.Name.replace(/^\//, ''), what };
}

/** Hands the stream's output to the terminal; `ended` runs once, on the first of end, close and error (a socket may report all three). */
export function deliverOutput(stream: Duplex, handlers: TerminalHandlers, ended: () => void): void {
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    ended();
  };
  stream.on('data', (chunk: Buffer) => handlers.data(chunk));
  stream.on('end', finish);
  stream.on('close', finish);
  stream.on('error', finish);
}

/** Keystrokes into the stream (dropped once it is gone) and flow control of its output. */
export function streamInput(stream: Duplex): Pick<TerminalProcess, 'write' | 'pause' | 'resume'> {
  return {
    write(data) {
      if (!stream.destroyed) stream.write(data);
    },
    pause: () => void stream.pause(),
    resume: () => void stream.resume(),
  };
}
