/**
 * The forwarder's data plane end to end on the host: a listener, the agent
 * protocol, the real berth-portd (built from assets/vm/agent), a target
 * server. Everything but the VM in between.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentDialer } from '../../main/core/ports/dialer';
import { ForwardTable } from '../../main/core/ports/forward-table';
import { TcpForward } from '../../main/core/ports/tcp-forward';
import { UdpForward } from '../../main/core/ports/udp-forward';
import { freePort, startHostAgent, type HostAgent } from '../fixtures/port-agent';

let agent: HostAgent;
let dialer: AgentDialer;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  agent = await startHostAgent();
  dialer = new AgentDialer(agent.port, agent.secret);
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  agent.stop();
});

async function server(onConnection: (socket: net.Socket) => void): Promise<number> {
  const srv = net.createServer({ allowHalfOpen: true }, onConnection);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => srv.close(resolve)));
  return (srv.address() as net.AddressInfo).port;
}

async function tcpForward(targetPort: number, address = '127.0.0.1'): Promise<{ port: number; forward: TcpForward }> {
  const port = await freePort();
  const forward = new TcpForward(port, { protocol: 'tcp', family: 4, port: targetPort }, dialer);
  expect(await forward.bind(address)).toEqual({ ok: true });
  cleanups.push(() => forward.close());
  return { port, forward };
}

function connect(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host, allowHalfOpen: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function readAll(socket: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('error', reject);
  });
}

describe('port forwarder data plane (host listener → berth-portd → target)', () => {
  it('carries a request and its reply, and counts connections and bytes', async () => {
    const target = await server((s) => s.on('data', (d: Buffer) => s.write(d.toString().toUpperCase())).on('end', () => s.end()));
    const { port, forward } = await tcpForward(target);
    const client = await connect(port);
    const reply = readAll(client);
    client.end('hello through the forwarder');
    expect((await reply).toString()).toBe('HELLO THROUGH THE FORWARDER');
    await new Promise((resolve) => client.once('close', resolve));
    await expect.poll(() => forward.counters()).toMatchObject({ connections: 1, activeConnections: 0, bytesIn: 27, bytesOut: 27 });
  });

  it('keeps a half-close a half-close: the server still answers after the client stopped sending', async () => {
    const target = await server((s) => {
      let bytes = 0;
      s.on('data', (d: Buffer) => (bytes += d.length));
      s.on('end', () => setTimeout(() => s.end(`got ${bytes} bytes after your FIN`), 50));
    });
    const { port } = await tcpForward(target);
    const client = await connect(port);
    const reply = readAll(client);
    client.end(Buffer.alloc(3_000_000, 1));
    expect((await reply).toString()).toBe('got 3000000 bytes after your FIN');
  });

  it('passes a reset on: a server that resets makes the client see ECONNRESET', async () => {
    const target = await server((s) => s.once('data', () => s.resetAndDestroy()));
    const { port } = await tcpForward(target);
    const client = await connect(port);
    const error = new Promise<NodeJS.ErrnoException>((resolve) => client.once('error', resolve));
    client.write('reset me');
    expect((await error).code).toBe('ECONNRESET');
  });

  it('passes a reset on: a client that resets makes the server see ECONNRESET', async () => {
    let serverError!: Promise<string>;
    const accepted = new Promise<void>((resolve) => {
      void server((s) => {
        serverError = new Promise((done) => {
          s.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'));
          s.on('end', () => done('end'));
        });
        s.once('data', () => resolve());
      }).then((target) => tcpForward(target).then(async ({ port }) => {
        const client = await connect(port);
        client.write('hi');
        await accepted;
        client.resetAndDestroy();
      }));
    });
    await accepted;
    expect(await serverError).toBe('ECONNRESET');
  });

  it('answers a connection to a port nothing listens on in the target with a reset, not a hang', async () => {
    const nothing = await freePort();
    const { port } = await tcpForward(nothing);
    const client = await connect(port);
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      client.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      client.once('end', () => resolve('end'));
    });
    expect(outcome).toBe('ECONNRESET');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('applies back-pressure: a client that stops reading stops the sender instead of filling memory', async () => {
    let written = 0;
    const blocked = new Promise<number>((resolve) => {
      void server((s) => {
        const chunk = Buffer.alloc(1 << 20);
        const pump = (): void => {
          while (written < 512 << 20) {
            written += chunk.length;
            if (!s.write(chunk)) return void s.once('drain', pump);
          }
        };
        pump();
        s.on('error', () => undefined);
        setTimeout(() => resolve(written), 1_500);
      }).then(async (target) => {
        const { port } = await tcpForward(target);
        const client = await connect(port);
        client.pause(); // never reads
        cleanups.push(() => client.destroy());
      });
    });
    // Socket buffers on the way (kernel, agent, forwarder) hold some megabytes, not hundreds.
    expect(await blocked).toBeLessThan(64 << 20);
  });

  it('refuses a connection that does not know the per-boot secret', async () => {
    const target = await server((s) => s.end('secret data'));
    const wrong = new AgentDialer(agent.port, Buffer.alloc(32, 0));
    await expect(wrong.open({ protocol: 'tcp', family: 4, port: target })).rejects.toThrow(/turned the connection away \(its secret does not match/);
  });

  it('UDP: each client gets its own replies, through one flow per client', async () => {
    const echo = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', resolve));
    echo.on('message', (m, from) => echo.send(`echo:${m.toString()}`, from.port, from.address));
    cleanups.push(() => echo.close());
    const port = await freePort();
    const forward = new UdpForward(port, { protocol: 'udp', family: 4, port: echo.address().port }, dialer);
    expect(await forward.bind('127.0.0.1')).toEqual({ ok: true });
    cleanups.push(() => forward.close());
    const ask = async (text: string): Promise<string> => {
      const client = dgram.createSocket('udp4');
      try {
        const reply = new Promise<string>((resolve) => client.once('message', (m) => resolve(m.toString())));
        client.send(text, port, '127.0.0.1');
        return await Promise.race([reply, new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no reply within 1 s')), 1_000))]);
      } finally {
        client.close();
      }
    };
    expect(await Promise.all([ask('one'), ask('two'), ask('three')])).toEqual(['echo:one', 'echo:two', 'echo:three']);
    expect(forward.counters()).toMatchObject({ connections: 3, bytesIn: 11, bytesOut: 26 });
  });
});

describe('forward table', () => {
  it('a host port held by another program is a conflict naming the port and the program, then forwards once it is freed', async () => {
    const port = await freePort();
    const holder = spawn(process.execPath, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`]);
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    let changes = 0;
    const table = new ForwardTable(dialer, () => changes++);
    cleanups.push(() => table.close());
    const rule = {
      key: 'k', containerId: 'c1', containerName: 'web', protocol: 'tcp' as const, hostPort: port, containerPort: 80,
      publishedIp: '127.0.0.1', listen: ['127.0.0.1', '::1'], targetFamily: 4 as const,
    };
    await table.setContainer('c1', [rule]);
    const [conflict] = table.snapshot();
    expect(conflict).toMatchObject({ state: 'conflict', hostPort: port, containerName: 'web' });
    expect(conflict!.message).toMatch(new RegExp(`tcp 127\\.0\\.0\\.1:${port} is already in use on this host \\(by node, pid ${holder.pid}\\)`));
    // Nothing half-bound: ::1 was released too.
    await expect(connect(port, '::1')).rejects.toThrow(/ECONNREFUSED/);

    holder.kill();
    await new Promise((resolve) => holder.once('exit', resolve));
    await expect.poll(() => table.snapshot()[0]?.state, { timeout: 8_000, interval: 200 }).toBe('forwarding');
    expect(changes).toBe(2);

    await table.setContainer('c1', []);
    expect(table.snapshot()).toEqual([]);
    // Released: a host program can bind it right away.
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(port, '127.0.0.1', resolve));
    again.close();
  });
});
