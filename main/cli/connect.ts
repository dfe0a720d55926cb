/**
 * Reach Berth: the running app or web host through its control socket when
 * there is one (so changes show in its tray and UI), else in this process.
 */
import type { BackendChoice, Unsubscribe } from '../../preload/contract';
import { createBerth } from '../core/berth';
import { hostEngineAnswers } from '../core/engine/native';
import { hostPaths } from '../core/paths';
import { directClient } from '../core/rpc/direct-client';
import { socketAnswers } from '../core/fs/unix-socket';
import { connectControlSocket, type RemoteClient } from './control-client';
import { withCallTimeouts } from './timeouts';

export interface Connection {
  api: Pick<RemoteClient, 'call' | 'on'>;
  /** 'remote': a running Berth answers; 'direct': this process is Berth. */
  mode: 'remote' | 'direct';
  close(): Promise<void>;
  /** Back-pressure: stop taking messages from Berth until resume() (a no-op in-process). */
  pause(): void;
  resume(): void;
  /** Runs once if the connection to a running Berth drops under the command (never in-process). */
  onClose(listener: () => void): Unsubscribe;
}

const DIRECT_CLOSE_MS = 5_000;

/**
 * `needsEngine`: in-process, connect to a host engine (native backend) first.
 * A VM is never booted in-process: it belongs to a Berth that outlives the
 * command (`berth start` starts one).
 */
export async function connect(options: { needsEngine: boolean }): Promise<Connection> {
  const paths = hostPaths();
  if (await socketAnswers(paths.controlSocket)) return connectRemote(paths.controlSocket);
  const berth = await createBerth({ autoStart: false, log: () => undefined });
  const client = directClient(berth);
  if (options.needsEngine && (await usesHostEngine(berth.settings.get().backend))) {
    try {
      await berth.engine.start();
    } catch (error) {
      await client.close();
      await berth.dispose();
      throw error;
    }
  }
  return {
    // A stuck engine must not hang the command in-process either.
    api: withCallTimeouts(client),
    mode: 'direct',
    async close() {
      // After a call timed out the engine may be stuck too: do not hang on the way out.
      const closed = client.close().then(() => berth.dispose());
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, DIRECT_CLOSE_MS)))]);
      clearTimeout(timer);
    },
    pause: () => undefined,
    resume: () => undefined,
    onClose: () => () => undefined,
  };
}

export async function connectRemote(socketPath: string): Promise<Connection> {
  const remote = await connectControlSocket(socketPath);
  return {
    api: remote,
    mode: 'remote',
    close: () => remote.close(),
    pause: remote.pause,
    resume: remote.resume,
    onClose: remote.onClose,
  };
}

async function usesHostEngine(backend: BackendChoice): Promise<boolean> {
  if (backend === 'native') return true;
  return backend === 'auto' && (await hostEngineAnswers(process.env.DOCKER_HOST));
}
