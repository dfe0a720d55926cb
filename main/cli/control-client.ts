/** The CLI's side of the control socket: a BerthApi over newline-delimited JSON. */
import net from 'node:net';
import {
  BerthError,
  createStreamClient,
  type ServerMessage,
  type StreamClient,
  type StreamClientOptions,
  type Unsubscribe,
} from '../../preload/contract';
import { onJsonLines, writeJsonLine } from '../core/rpc/line-framing';
import { cliTimeouts } from './timeouts';

export interface RemoteClient extends Pick<StreamClient, 'call' | 'on'> {
  close(): Promise<void>;
  /** Stops reading from Berth (back-pressure: Berth sees a full socket) until resume(). */
  pause(): void;
  resume(): void;
  /**
   * `listener` runs once when the connection drops without close() having
   * been called — at once (on a later tick) if it has already dropped.
   */
  onClose(listener: () => void): Unsubscribe;
}

export interface ControlClientOptions extends StreamClientOptions {
  /** How long the socket may take to accept the connection. */
  connectTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 10_000;
/** How long close() waits for Berth to close its end before it drops the socket. */
const CLOSE_GRACE_MS = 2_000;

/** Connects to a running Berth; calls time out as the CLI's policy says unless `options` says otherwise. */
export function connectControlSocket(socketPath: string, options: ControlClientOptions = cliTimeouts()): Promise<RemoteClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const client = createStreamClient((message) => void writeJsonLine(socket, message), options);
    onJsonLines(socket, (message) => client.receive(message as ServerMessage));
    const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
    const connectTimer = setTimeout(() => {
      socket.destroy();
      reject(
        new BerthError(
          'timeout',
          `Berth did not accept a connection on ${socketPath} within ${connectTimeoutMs / 1000} s (is it stuck? \`berth status\` or restart it)`,
        ),
      );
    }, connectTimeoutMs);
    const failConnect = (error: Error) => {
      clearTimeout(connectTimer);
      reject(new BerthError('engine-unavailable', `Could not reach Berth on ${socketPath}: ${error.message}`));
    };
    socket.once('error', failConnect);
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      socket.off('error', failConnect);
      let closing = false;
      let dropped = false;
      const closeListeners = new Set<() => void>();
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.failPending('Berth closed the control connection');
        if (closing) return;
        dropped = true;
        for (const listener of [...closeListeners]) listener();
        closeListeners.clear();
      });
      resolve({
        call: client.call,
        on: client.on,
        pause: () => socket.pause(),
        resume: () => socket.resume(),
        onClose(listener) {
          if (dropped) {
            const timer = setImmediate(listener);
            return () => clearImmediate(timer);
          }
          closeListeners.add(listener);
          return () => closeListeners.delete(listener);
        },
        close() {
          closing = true;
          closeListeners.clear();
          if (socket.destroyed) return Promise.resolve();
          return new Promise<void>((done) => {
            const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
            socket.once('close', () => {
              clearTimeout(timer);
              done();
            });
            // A paused socket would never read Berth's end of the connection.
            socket.resume();
            socket.end();
          });
        },
      });
    });
  });
}
