/**
 * Reach Berth: the running app or web host through its control socket when
 * there is one (so changes show in its tray and UI), else in this process.
 */
import type { BerthApi } from '../../preload/contract';
import { createBerth } from '../core/berth';
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

export async function connect(options: { needsEngine: boolean }): Promise<Connection> {
  const paths = hostPaths();
  if (await socketAnswers(paths.controlSocket)) {
    const remote = await connectControlSocket(paths.controlSocket);
    return { api: remote, mode: 'remote', close: () => remote.close() };
  }
  const berth = await createBerth({ autoStart: false, log: () => undefined });
  const client = directClient(berth);
  if (options.needsEngine) {
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
