/**
 * The forwarder against a fake engine: events open and close listeners, and a
 * broken event stream is followed by a reconcile that catches what happened
 * while it was away (a daemon restart).
 */
import net from 'node:net';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortForward } from '../../preload/contract';
import type { GuestDialer } from '../../main/core/ports/dialer';
import { PortForwarder } from '../../main/core/ports/port-forwarder';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

class FakeEngine {
  running: Array<{ id: string; name: string; port: number }> = [];
  streams: PassThrough[] = [];
  docker = {
    getEvents: async () => {
      const stream = new PassThrough();
      this.streams.push(stream);
      return stream;
    },
    listContainers: async () =>
      this.running.map((c) => ({ Id: c.id, Names: [`/${c.name}`], Image: 'i', State: 'running', Status: 'Up', Created: 0, Labels: {}, Ports: [{ IP: '127.0.0.1', PrivatePort: 80, PublicPort: c.port, Type: 'tcp' }] })),
    getContainer: (id: string) => ({
      inspect: async () => {
        const c = this.running.find((r) => r.id === id);
        if (!c) throw Object.assign(new Error('no such container'), { statusCode: 404 });
        return { Id: c.id, Name: `/${c.name}`, State: { Running: true }, NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(c.port) }] } } };
      },
    }),
  };
  event(action: string, id: string): void {
    this.streams.at(-1)!.write(`${JSON.stringify({ Type: 'container', Action: action, Actor: { ID: id } })}\n`);
  }
}

const neverDialed: GuestDialer = { open: () => Promise.reject(new Error('not used')) };
let forwarder: PortForwarder | null = null;
afterEach(async () => forwarder?.close());

function start(engine: FakeEngine): { published: PortForward[][] } {
  const seen = { published: [] as PortForward[][] };
  forwarder = new PortForwarder({
    docker: engine.docker as unknown as Dockerode,
    dialer: neverDialed,
    policy: () => 'all-interfaces',
    publish: (forwards) => seen.published.push(forwards),
    log: () => undefined,
  });
  return seen;
}

/**
 * Whether something listens on the port. The fake dialer refuses every
 * connection, so the forwarder answers with a reset (which can win the race
 * with the connect callback); only ECONNREFUSED means no listener.
 */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code !== 'ECONNREFUSED'));
  });

describe('port forwarder following the engine', () => {
  it('reconciles at start, opens on start events and closes on die', async () => {
    const engine = new FakeEngine();
    const [a, b] = [await freePort(), await freePort()];
    engine.running.push({ id: 'c1', name: 'one', port: a });
    const seen = start(engine);
    await forwarder!.start();
    expect(forwarder!.list().map((f) => [f.containerName, f.hostPort, f.state])).toEqual([['one', a, 'forwarding']]);
    expect(await listening(a)).toBe(true);

    engine.running.push({ id: 'c2', name: 'two', port: b });
    engine.event('start', 'c2');
    await expect.poll(() => listening(b)).toBe(true);
    engine.running.shift();
    engine.event('die', 'c1');
    await expect.poll(() => listening(a)).toBe(false);
    expect(forwarder!.list().map((f) => f.containerName)).toEqual(['two']);
    expect(seen.published.at(-1)!.map((f) => f.containerName)).toEqual(['two']);
  });

  it('a kill that does not stop the container (e.g. SIGHUP) keeps its forward', async () => {
    const engine = new FakeEngine();
    const port = await freePort();
    engine.running.push({ id: 'c1', name: 'one', port });
    start(engine);
    await forwarder!.start();
    engine.event('kill', 'c1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await listening(port)).toBe(true);
  });

  it('after the event stream breaks (a daemon restart), reconnects and reconciles what changed meanwhile', async () => {
    const engine = new FakeEngine();
    const [a, b] = [await freePort(), await freePort()];
    engine.running.push({ id: 'c1', name: 'one', port: a });
    start(engine);
    await forwarder!.start();
    // The daemon goes away; while it is gone c1 stops and c2 starts, with no events seen.
    engine.streams.at(-1)!.destroy();
    engine.running = [{ id: 'c2', name: 'two', port: b }];
    await expect.poll(() => forwarder!.list().map((f) => f.containerName), { timeout: 5_000 }).toEqual(['two']);
    expect(engine.streams).toHaveLength(2);
    expect(await listening(a)).toBe(false);
    expect(await listening(b)).toBe(true);
  });

  it('closing releases every port at once', async () => {
    const engine = new FakeEngine();
    const port = await freePort();
    engine.running.push({ id: 'c1', name: 'one', port });
    start(engine);
    await forwarder!.start();
    await forwarder!.close();
    forwarder = null;
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    server.close();
  });
});
