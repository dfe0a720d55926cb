/**
 * The local control socket: how the `berth` CLI reaches the Berth that is
 * already running (the app or `berth web`), so that a `berth stop` shows up
 * in the tray. A unix socket with mode 0600 (a named pipe on Windows) in the
 * runtime dir; a stale one from a killed run is removed, a live one refused.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import type { Berth } from '../berth';
import { listenPrivate } from '../fs/unix-socket';
import { openRpcConnection } from './connection';
import { onJsonLines, writeJsonLine } from './line-framing';

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

export async function startControlServer(berth: Berth): Promise<ControlServer> {
  const socketPath = berth.paths.controlSocket;
  const isPipe = process.platform === 'win32';

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

  const busy = 'Another Berth is already running; quit it first, or use it: the berth CLI talks to it';
  if (isPipe) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } else {
    await listenPrivate(server, socketPath, busy);
  }

  return {
    path: socketPath,
    async close() {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!isPipe) await fs.rm(socketPath, { force: true });
    },
  };
}
