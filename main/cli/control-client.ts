/** The CLI's side of the control socket: a BerthApi over newline-delimited JSON. */
import net from 'node:net';
import { createStreamClient, type BerthApi, type ServerMessage } from '../../preload/contract';
import { onJsonLines, writeJsonLine } from '../core/rpc/line-framing';

export interface RemoteClient extends BerthApi {
  close(): Promise<void>;
}

export function connectControlSocket(socketPath: string): Promise<RemoteClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const client = createStreamClient((message) => writeJsonLine(socket, message));
    onJsonLines(socket, (message) => client.receive(message as ServerMessage));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      socket.on('close', () => client.failPending('Berth closed the control connection'));
      resolve({
        call: client.call,
        on: client.on,
        close: () =>
          new Promise<void>((done) => {
            socket.once('close', () => done());
            socket.end();
          }),
      });
    });
  });
}
