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
import { CONGESTED_BYTES } from './session';

export interface ControlServer {
  readonly path: string;
  /** Resolves once no client is connected (or after `timeoutMs`): lets a reply reach its caller before shutdown. */
  whenIdle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startControlServer(berth: Berth): Promise<ControlServer> {
  const socketPath = berth.paths.controlSocket;
  const isPipe = process.platform === 'win32';

  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    const rpc = openRpcConnection(berth, (message) => writeJsonLine(socket, message), {
      // A CLI that stops reading (its stdout a stalled pipe) holds back its log streams, not our memory.
      congested: () => socket.writableLength > CONGESTED_BYTES,
    });
    onJsonLines(socket, (message) => rpc.receive(message));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connections.delete(socket);
      void rpc.close();
    });
  });

  const busy =
    'Berth is already running (the app, `berth web` or a `berth start`); use it (the berth CLI talks to it) or quit it first (`berth stop` ends one started by `berth start`)';
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
    async whenIdle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async close() {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!isPipe) await fs.rm(socketPath, { force: true });
    },
  };
}
