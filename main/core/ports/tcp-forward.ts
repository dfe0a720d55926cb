/**
 * One TCP forward: a listener on each host address, every accepted connection
 * carried to the guest through a fresh dialer stream.
 *
 * pipe() gives back-pressure both ways (a slow reader pauses the other side,
 * so nothing buffers without bound); allowHalfOpen keeps a half-close a
 * half-close; a reset on one side resets the other.
 */
import net from 'node:net';
import { bindFailure, isIpv6, type BindOutcome } from './listen';
import type { DialTarget, GuestDialer } from './dialer';

export interface ForwardCounters {
  connections: number;
  activeConnections: number;
  /** From host clients towards the container. */
  bytesIn: number;
  /** From the container back to host clients. */
  bytesOut: number;
}

export class TcpForward {
  private readonly servers: net.Server[] = [];
  private readonly live = new Set<net.Socket>();
  private closedTotals = { connections: 0, bytesIn: 0, bytesOut: 0 };

  constructor(
    private readonly port: number,
    private readonly target: DialTarget,
    private readonly dialer: GuestDialer,
  ) {}

  /** Binds one address; on success the listener is serving when this resolves. */
  bind(address: string): Promise<BindOutcome> {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (client) => this.carry(client));
    return new Promise((resolve) => {
      server.once('error', (error: NodeJS.ErrnoException) => resolve(bindFailure(error, address, this.port, 'tcp')));
      server.listen({ host: address, port: this.port, ipv6Only: isIpv6(address), exclusive: true }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined); // after listen, errors are per connection
        this.servers.push(server);
        resolve({ ok: true });
      });
    });
  }

  counters(): ForwardCounters {
    let bytesIn = this.closedTotals.bytesIn;
    let bytesOut = this.closedTotals.bytesOut;
    for (const client of this.live) {
      bytesIn += client.bytesRead;
      bytesOut += client.bytesWritten;
    }
    return { connections: this.closedTotals.connections + this.live.size, activeConnections: this.live.size, bytesIn, bytesOut };
  }

  /** Stops listening (the port is free for others at once) and ends every connection. */
  async close(): Promise<void> {
    const closing = this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    this.servers.length = 0;
    for (const client of this.live) client.destroy();
    await Promise.all(closing);
  }

  private carry(client: net.Socket): void {
    this.live.add(client);
    client.once('close', () => {
      this.live.delete(client);
      this.closedTotals.connections++;
      this.closedTotals.bytesIn += client.bytesRead;
      this.closedTotals.bytesOut += client.bytesWritten;
    });
    let upstream: net.Socket | null = null;
    client.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') upstream?.resetAndDestroy();
      else upstream?.destroy();
    });
    this.dialer.open(this.target).then(
      (stream) => {
        if (client.destroyed) return void stream.destroy();
        upstream = stream;
        stream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNRESET' || error.code === 'EPIPE') client.resetAndDestroy();
          else client.destroy();
        });
        client.once('close', () => stream.destroy());
        stream.once('close', () => {
          // Both halves ended cleanly: let the client's own close follow; otherwise cut it.
          if (!client.writableEnded) client.destroy();
        });
        client.pipe(stream);
        stream.pipe(client);
        client.resume();
        stream.resume();
      },
      // Refused inside the VM: the host client sees a refusal too (a reset), not a hang.
      () => client.resetAndDestroy(),
    );
  }
}
