/**
 * Reach Berth: the running app or web host through its control socket when
 * there is one (so changes show in its tray and UI), else in this process.
 */
import type { BackendChoice, BerthApi } from '../../preload/contract';
import { createBerth } from '../core/berth';
import { hostEngineAnswers } from '../core/engine/native';
import { hostPaths } from '../core/paths';
import { directClient } from '../core/rpc/direct-client';
import { socketAnswers } from '../core/fs/unix-socket';
import { connectControlSocket } from './control-client';

export interface Connection {
  api: BerthApi;
  /** 'remote': a running Berth answers; 'direct': this process is Berth. */
  mode: 'remote' | 'direct';
  close(): Promise<void>;
}

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
      await berth.dispose();
      throw error;
    }
  }
  return {
    api: client,
    mode: 'direct',
    async close() {
      await client.close();
      await berth.dispose();
    },
  };
}

export async function connectRemote(socketPath: string): Promise<Connection> {
  const remote = await connectControlSocket(socketPath);
  return { api: remote, mode: 'remote', close: () => remote.close() };
}

async function usesHostEngine(backend: BackendChoice): Promise<boolean> {
  if (backend === 'native') return true;
  return backend === 'auto' && (await hostEngineAnswers(process.env.DOCKER_HOST));
}
