/** A login shell in Berth's VM, over the guest channel (SSH with a pty). */
import type { GuestChannel } from '../vm/guest-channel';
import { describeExit, type TerminalHandlers, type TerminalProcess } from './terminal-process';

const CLOSE_TIMEOUT_MS = 3_000;

export async function openVmShell(channel: GuestChannel, size: { cols: number; rows: number }): Promise<TerminalProcess> {
  const stream = await channel.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows });
  let closing = false;
  return {
    title: 'VM shell',
    start(handlers: TerminalHandlers) {
      let exit: { code: number | null; signal: string | null } | null = null;
      stream.on('exit', (code: number | null, signal?: string) => (exit = { code: code ?? null, signal: signal ?? null }));
      stream.on('data', (chunk: Buffer) => handlers.data(chunk));
      stream.stderr.on('data', (chunk: Buffer) => handlers.data(chunk));
      stream.on('close', () => {
        if (closing) return;
        if (exit) handlers.exit({ exitCode: exit.code, reason: `The VM shell ${describeExit(exit.code, exit.signal)}.` });
        else handlers.exit({ exitCode: null, reason: 'The guest channel to the VM closed.' });
      });
    },
    write(data) {
      if (!stream.destroyed) stream.write(data);
    },
    resize: async (cols, rows) => void stream.setWindow(rows, cols, 0, 0),
    pause: () => void stream.pause(),
    resume: () => void stream.resume(),
    async close() {
      if (closing) return;
      closing = true;
      // Closing the channel closes the pty: the guest kernel hangs up the shell's session.
      const closed = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        stream.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      stream.close();
      await closed;
    },
  };
}
