/**
 * Attach to a running container's own TTY (a container made with `-t`), as
 * `docker attach` does. Closing detaches: the container's process is not
 * Berth's to end.
 */
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { BerthError } from '../../../preload/contract';
import { toBerthError } from '../docker/errors';
import { deliverOutput, inspectContainer, streamInput } from './container-stream';
import { describeExit, type TerminalHandlers, type TerminalProcess } from './terminal-process';

export interface ContainerAttachOptions {
  containerId: string;
  cols: number;
  rows: number;
}

export async function attachContainer(docker: Dockerode, options: ContainerAttachOptions): Promise<TerminalProcess> {
  const { container, info, name, what } = await inspectContainer(docker, options.containerId);
  if (!info.Config.Tty) {
    throw new BerthError(
      'conflict',
      `${name} has no TTY of its own (it was not created with -t), so there is nothing to attach to; open a shell in it instead.`,
    );
  }
  if (!info.State.Running) throw new BerthError('conflict', `${name} is not running; start it to attach to it.`);
  let stream: Duplex;
  try {
    stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
  } catch (error) {
    throw toBerthError(error, what);
  }
  const resize = (cols: number, rows: number) =>
    container.resize({ h: rows, w: cols }).catch((error: unknown) => {
      throw toBerthError(error, what);
    });
  // A new size makes most programs redraw, so the attach shows a screen, not a blank.
  await resize(options.cols, options.rows).catch(() => undefined);

  let detached = false;
  return {
    title: `${name} (attached)`,
    start(handlers: TerminalHandlers) {
      deliverOutput(stream, handlers, () => {
        if (detached) return;
        void container.inspect().then(
          (after) =>
            after.State.Running
              ? handlers.exit({ exitCode: null, reason: 'The engine closed the attach.' })
              : handlers.exit({ exitCode: after.State.ExitCode, reason: `${name} ${describeExit(after.State.ExitCode)}.` }),
          () => handlers.exit({ exitCode: null, reason: `${name} is gone.` }),
        );
      });
    },
    ...streamInput(stream),
    resize: async (cols, rows) => void (await resize(cols, rows)),
    async close() {
      detached = true;
      stream.destroy();
    },
  };
}
