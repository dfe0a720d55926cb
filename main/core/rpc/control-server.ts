/**
 * The local control socket: how the `berth` CLI reaches the Berth that is
 * already running (the app or `berth web`), so that a `berth stop` shows up
 * in the tray. A unix socket with mode 0600 (a named pipe on Windows) in the
 * runtime dir; a stale one from a killed run is removed, a live one refused.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BerthError } from '../../../preload/contract';
import type { Berth } from '../berth';
import { openRpcConnection } from './connection';
import { onJsonLines, writeJsonLine } from './line-framing';

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

export async function startControlServer(berth: Berth): Promise<ControlServer> {
  const socketPath = berth.paths.controlSocket;
  const isPipe = process.platform === 'win32';
  if (!isPipe) {
    await ensurePrivateDir(path.dirname(socketPath));
    await removeStaleSocket(socketPath);
  }

  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    const rpc = openRpcConnection(berth, (message) => writeJsonLine(socket, message));
    onJsonLines(socket, (message) => rpc.receive(message));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connections.delete(socket);
      void rpc.close();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!isPipe) await fs.chmod(socketPath, 0o600);

  return {
    path: socketPath,
    async close() {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!isPipe) await fs.rm(socketPath, { force: true });
    },
  };
}

/**
 * The socket is only as private as its folder: it must be ours and 0700,
 * or another local user could have made it (e.g. /tmp/berth-1000) first.
 */
async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await fs.stat(dir);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new BerthError('conflict', `${dir} belongs to another user; remove it or set BERTH_HOME to a folder of yours.`);
  }
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  try {
    await fs.lstat(socketPath);
  } catch {
    return;
  }
  if (await socketAnswers(socketPath)) {
    throw new BerthError(
      'conflict',
      `Another Berth is already running (its control socket ${socketPath} answers). Quit it first, or use it: the berth CLI talks to it.`,
    );
  }
  await fs.rm(socketPath, { force: true });
}

export function socketAnswers(socketPath: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
