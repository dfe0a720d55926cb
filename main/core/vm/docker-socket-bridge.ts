/**
 * The guest's Docker socket served on the host: a unix socket (mode 0600, in
 * Berth's private runtime dir) where each connection is carried to the
 * guest's /var/run/docker.sock through the guest channel.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { listenPrivate } from '../fs/unix-socket';
import { MountGuard } from '../sharing/mount-guard';

export interface DockerSocketBridge {
  readonly socketPath: string;
  close(): Promise<void>;
}

/**
 * `sharedFolders` (when given and not null) turns on the "Mounts denied"
 * check of main/core/sharing/mount-guard.ts for binds outside those folders.
 */
export async function bridgeDockerSocket(
  socketPath: string,
  openUpstream: () => Promise<Duplex>,
  sharedFolders?: () => readonly string[] | null,
): Promise<DockerSocketBridge> {
  const open = new Set<net.Socket>();
  // Half-open: `docker run` closes its sending side at once when stdin is not
  // attached, and must still receive the container's output afterwards.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    openUpstream().then(
      (upstream) => {
        upstream.on('error', () => client.destroy());
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        // pipe() handles back-pressure both ways and half-close (end) from either side.
        const shared = sharedFolders?.() ?? null;
        (shared ? client.pipe(new MountGuard(shared, (response) => client.write(response))) : client).pipe(upstream);
        upstream.pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await listenPrivate(server, socketPath, 'Another Berth is serving the Docker socket');
  return {
    socketPath,
    async close() {
      for (const client of open) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fs.rm(socketPath, { force: true });
    },
  };
}
