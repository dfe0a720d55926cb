import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QmpClient, type QmpEvent } from '../../main/core/vm/qmp';

type Request = { execute: string; arguments?: Record<string, unknown>; id?: number };
/** Answers one request: write whatever lines it likes on the connection. */
type Handler = (request: Request, reply: (message: object) => void, socket: net.Socket) => void;

const GREETING = { QMP: { version: { qemu: { major: 7, minor: 2, micro: 22 }, package: '' }, capabilities: ['oob'] } };
const ok: Handler = (request, reply) => reply({ return: {}, id: request.id });

let dir: string;
let socketPath: string;
let server: net.Server | null;
let received: Request[];
const clients: QmpClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-qmp-'));
  socketPath = path.join(dir, 'qmp.sock');
  server = null;
  received = [];
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A fake QEMU: greets (unless told not to), then hands each request line to `handler`. */
function fakeQemu(handler: Handler = ok, { greet = true } = {}): Promise<void> {
  server = net.createServer((socket) => {
    if (greet) socket.write(`${JSON.stringify(GREETING)}\r\n`);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const request = JSON.parse(buffer.slice(0, newline)) as Request;
        buffer = buffer.slice(newline + 1);
        received.push(request);
        if (request.execute === 'qmp_capabilities') ok(request, (m) => socket.write(`${JSON.stringify(m)}\r\n`), socket);
        else handler(request, (m) => socket.write(`${JSON.stringify(m)}\r\n`), socket);
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server!.listen(socketPath, resolve));
}

async function connect(options: Parameters<typeof QmpClient.connect>[1] = {}): Promise<QmpClient> {
  const client = await QmpClient.connect(socketPath, { timeoutMs: 2_000, ...options });
  clients.push(client);
  return client;
}

describe('QmpClient', () => {
  it('reads the greeting and negotiates capabilities before anything else', async () => {
    await fakeQemu((request, reply) => reply({ return: { status: 'running', running: true }, id: request.id }));
    const client = await connect();
    expect(client.version).toBe('7.2.22');
    expect(await client.queryStatus()).toBe('running');
    expect(received.map((r) => r.execute)).toEqual(['qmp_capabilities', 'query-status']);
  });

  it('keeps trying until QEMU creates its socket', async () => {
    const connecting = connect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fakeQemu();
    await expect(connecting).resolves.toBeInstanceOf(QmpClient);
  });

  it('gives up at the deadline when the socket never appears', async () => {
    const started = Date.now();
    await expect(connect({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining(socketPath) });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('gives up when something listens but never greets', async () => {
    await fakeQemu(ok, { greet: false });
    await expect(connect({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('greet') });
  });

  it('delivers events that arrive between a command and its answer, and matches answers by id', async () => {
    const held: Array<() => void> = [];
    await fakeQemu((request, reply) => {
      if (request.execute === 'stop') {
        reply({ event: 'STOP', timestamp: { seconds: 1, microseconds: 2 } });
        // Answer `stop` only after the next command has been answered.
        held.push(() => reply({ return: {}, id: request.id }));
      } else {
        reply({ return: { status: 'paused', running: false }, id: request.id });
        held.splice(0).forEach((send) => send());
      }
    });
    const client = await connect();
    const events: QmpEvent[] = [];
    client.on('event', (event) => events.push(event));
    const stopping = client.stop();
    const status = client.queryStatus();
    await expect(status).resolves.toBe('paused');
    await expect(stopping).resolves.toBeUndefined();
    expect(events).toEqual([{ event: 'STOP', timestamp: { seconds: 1, microseconds: 2 } }]);
  });

  it('sends the QMP command behind each helper, with arguments when given', async () => {
    await fakeQemu();
    const client = await connect();
    await client.stop();
    await client.cont();
    await client.systemPowerdown();
    await client.execute('human-monitor-command', { 'command-line': 'info usernet' });
    expect(received.slice(1)).toEqual([
      { execute: 'stop', id: 2 },
      { execute: 'cont', id: 3 },
      { execute: 'system_powerdown', id: 4 },
      { execute: 'human-monitor-command', arguments: { 'command-line': 'info usernet' }, id: 5 },
    ]);
  });

  it('turns a QEMU error reply into a BerthError naming the command and QEMU\'s reason', async () => {
    await fakeQemu((request, reply) => reply({ error: { class: 'GenericError', desc: 'VM is not running' }, id: request.id }));
    const client = await connect();
    await expect(client.cont()).rejects.toMatchObject({
      name: 'BerthError',
      code: 'internal',
      message: 'QEMU refused cont: VM is not running',
      details: { class: 'GenericError' },
    });
  });

  it('rejects a pending command when the socket closes mid-request, and every later one at once', async () => {
    await fakeQemu((_request, _reply, socket) => socket.destroy());
    const client = await connect();
    let closed = false;
    client.on('close', () => (closed = true));
    await expect(client.queryStatus()).rejects.toMatchObject({ code: 'engine-unavailable', message: expect.stringContaining('query-status') });
    expect(closed).toBe(true);
    await expect(client.cont()).rejects.toMatchObject({ code: 'engine-unavailable' });
  });

  it('rejects a command QEMU never answers after the command timeout', async () => {
    await fakeQemu(() => undefined);
    const client = await connect({ commandTimeoutMs: 200 });
    await expect(client.queryStatus()).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('query-status') });
  });

  it('treats quit as done when QEMU closes the connection without answering', async () => {
    await fakeQemu((_request, _reply, socket) => socket.end());
    const client = await connect();
    await expect(client.quit()).resolves.toBeUndefined();
    expect(received.at(-1)?.execute).toBe('quit');
  });

  it('stops delivering events to a listener once it unsubscribes', async () => {
    await fakeQemu((request, reply) => {
      reply({ event: 'RESUME' });
      reply({ return: {}, id: request.id });
    });
    const client = await connect();
    const seen: string[] = [];
    const off = client.on('event', (event) => seen.push(event.event));
    await client.cont();
    off();
    await client.cont();
    expect(seen).toEqual(['RESUME']);
  });
});
