/**
 * One UDP forward: a socket on each host address; each client address gets
 * its own flow (one dialer stream carrying framed datagrams), so replies go
 * back to the client that asked. Flows end after a quiet minute, and there is
 * a cap on how many live at once (the least recently used goes first).
 */
import dgram from 'node:dgram';
import type net from 'node:net';
import { DatagramDeframer, frameDatagram, MAX_DATAGRAM_BYTES } from './agent-protocol';
import type { DialTarget, GuestDialer } from './dialer';
import { bindFailure, isIpv6, type BindOutcome } from './listen';
import type { ForwardCounters } from './tcp-forward';

export const UDP_FLOW_IDLE_MS = 60_000;
export const MAX_UDP_FLOWS = 1024;
/** Datagrams held while a flow's stream is being opened; more are dropped, as UDP may. */
const MAX_PENDING_DATAGRAMS = 64;

interface Flow {
  stream: net.Socket | null;
  pending: Buffer[];
  lastUsed: number;
  closed: boolean;
}

export class UdpForward {
  private readonly sockets: dgram.Socket[] = [];
  private readonly flows = new Map<string, Flow>();
  private readonly sweeper: NodeJS.Timeout;
  private totals = { connections: 0, bytesIn: 0, bytesOut: 0 };

  constructor(
    private readonly port: number,
    private readonly target: DialTarget,
    private readonly dialer: GuestDialer,
    private readonly idleMs = UDP_FLOW_IDLE_MS,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(5_000, idleMs));
    this.sweeper.unref();
  }

  bind(address: string): Promise<BindOutcome> {
    const socket = dgram.createSocket({ type: isIpv6(address) ? 'udp6' : 'udp4', ipv6Only: isIpv6(address), exclusive: true } as dgram.SocketOptions);
    return new Promise((resolve) => {
      socket.once('error', (error: NodeJS.ErrnoException) => {
        socket.close();
        resolve(bindFailure(error, address, this.port, 'udp'));
      });
      socket.bind({ address, port: this.port, exclusive: true }, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        socket.on('message', (message, from) => this.receive(socket, message, from));
        this.sockets.push(socket);
        resolve({ ok: true });
      });
    });
  }

  counters(): ForwardCounters {
    return { ...this.totals, activeConnections: this.flows.size };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const key of [...this.flows.keys()]) this.endFlow(key);
    const closing = this.sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve())));
    this.sockets.length = 0;
    await Promise.all(closing);
  }

  private receive(socket: dgram.Socket, message: Buffer, from: dgram.RemoteInfo): void {
    if (message.length > MAX_DATAGRAM_BYTES) return;
    this.totals.bytesIn += message.length;
    const key = `${this.sockets.indexOf(socket)}|${from.address}|${from.port}`;
    let flow = this.flows.get(key);
    if (!flow) flow = this.openFlow(key, socket, from);
    flow.lastUsed = Date.now();
    if (flow.stream) flow.stream.write(frameDatagram(message));
    else if (flow.pending.length < MAX_PENDING_DATAGRAMS) flow.pending.push(message);
  }

  private openFlow(key: string, socket: dgram.Socket, client: dgram.RemoteInfo): Flow {
    if (this.flows.size >= MAX_UDP_FLOWS) this.endFlow(this.leastRecentlyUsed()!);
    const flow: Flow = { stream: null, pending: [], lastUsed: Date.now(), closed: false };
    this.flows.set(key, flow);
    this.totals.connections++;
    this.dialer.open(this.target).then(
      (stream) => {
        if (flow.closed) return void stream.destroy();
        flow.stream = stream;
        const deframer = new DatagramDeframer();
        stream.on('data', (chunk: Buffer) => {
          flow.lastUsed = Date.now();
          for (const reply of deframer.push(chunk)) {
            this.totals.bytesOut += reply.length;
            socket.send(reply, client.port, client.address);
          }
        });
        stream.on('error', () => undefined);
        stream.once('close', () => this.flows.get(key) === flow && this.endFlow(key));
        for (const message of flow.pending.splice(0)) stream.write(frameDatagram(message));
        stream.resume();
      },
      () => this.endFlow(key), // the datagrams are dropped; the next one tries again
    );
    return flow;
  }

  private endFlow(key: string): void {
    const flow = this.flows.get(key);
    if (!flow) return;
    this.flows.delete(key);
    flow.closed = true;
    flow.stream?.destroy();
  }

  private leastRecentlyUsed(): string | undefined {
    let oldest: [string, number] | undefined;
    for (const [key, flow] of this.flows) if (!oldest || flow.lastUsed < oldest[1]) oldest = [key, flow.lastUsed];
    return oldest?.[0];
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, flow] of this.flows) if (now - flow.lastUsed > this.idleMs) this.endFlow(key);
  }
}
