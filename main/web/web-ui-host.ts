/**
 * The web UI of a Berth that runs without one open yet (the daemon of
 * `berth start`) or with one (`berth web`): `web:open` starts it once and
 * gives every later caller the same address, so `berth web` works whichever
 * Berth is running.
 */
import type { WebUi } from '../../preload/contract';
import { BerthError } from '../../preload/contract';
import type { Berth } from '../core/berth';
import type { WebUiHost } from '../core/rpc/handlers';
import { startWebHost, type WebHost } from './server';

export interface ServedWebUi extends WebUiHost {
  close(): Promise<void>;
}

export function serveWebUiOnRequest(
  berth: () => Berth,
  rendererDir: string,
  log: (message: string) => void,
  /** The daemon ends when its engine is stopped, and its web UI with it. */
  endsWithEngine: boolean,
): ServedWebUi {
  let hosting: Promise<WebHost> | null = null;
  return {
    async open(port) {
      if (!hosting) {
        hosting = startWebHost(berth(), { rendererDir, port });
        hosting.then(
          (host) => log(`web UI at http://127.0.0.1:${host.port}/`),
          () => (hosting = null), // a port in use: the next request may name another
        );
      }
      const host = await hosting;
      if (port !== undefined && port !== 0 && port !== host.port) {
        throw new BerthError('conflict', `The web UI is already served on port ${host.port}: open ${host.url}, or stop Berth to serve it on port ${port}.`);
      }
      return { url: host.url, port: host.port, endsWithEngine } satisfies WebUi;
    },
    async close() {
      const host = await hosting?.catch(() => null);
      hosting = null;
      await host?.close();
    },
  };
}
