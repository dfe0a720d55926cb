/**
 * The CLI's control-socket client against a scripted server on a real unix
 * socket: replies and events in one read, timeouts, a server that goes away,
 * back-pressure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectControlSocket, type RemoteClient } from '../../main/cli/control-client';
import { printLogs } from '../../main/cli/logs';
import { cliTimeouts } from '../../main/cli/timeouts';
import { onJsonLines } from '../../main/core/rpc/line-framing';
import type { CallMessage } from '../../preload/contract/wire';

let dir: string;
let socketPath: string;
let server: net.Server;
let peers: net.Socket[];
let clients: RemoteClient[];

/** A server that hands each call to `answer` with the socket to write raw bytes to. */
async function serve(answer: (call: CallMessage, socket: net.Socket) => void): Promise<void> {
  server = net.createServer((socket) => {
    peers.push(socket);
    socket.on('error', () => undefined);
    onJsonLines(socket, (message) => answer(message as CallMessage, socket));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
}

async function connect(options?: Parameters<typeof connectControlSocket>[1]): Promise<RemoteClient> {
  const client = await connectControlSocket(socketPath, options);
  clients.push(client);
  return client;
}

const line = (message: unknown) => `${JSON.stringify(message)}\n`;

class Sink {
  text = '';
  write(text: string) {
    this.text += text;
    return true;
  }
  once() {
    return this;
  }
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-control-'));
  socketPath = path.join(dir, 'berth.sock');
  peers = [];
  clients = [];
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const peer of peers) peer.destroy();
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('control client', () => {
  it('finishes a short log whose subscribe answer and end arrive in one read (every time)', async () => {
    let n = 0;
    await serve((call, socket) => {
      const subscriptionId = `s${++n}`;
      socket.write(
        line({ t: 'reply', id: call.id, ok: true, value: { subscriptionId, tty: false } }) +
          line({ t: 'event', event: 'logs:lines-received', payload: { subscriptionId, lines: [{ stream: 'stdout', text: `line ${n}`, timestamp: null }] } }) +
          line({ t: 'event', event: 'logs:stream-ended', payload: { subscriptionId, reason: null } }),
      );
    });
    for (let i = 1; i <= 20; i++) {
      const client = await connect();
      const stdout = new Sink();
      const io = { stdout, stderr: new Sink(), interrupted: new Promise<void>(() => undefined) };
      const code = await Promise.race([
        printLogs(client, client, { id: 'x', tail: 2, follow: false, timestamps: false, json: false }, io),
        new Promise((resolve) => setTimeout(() => resolve('hung'), 1_000)),
      ]);
      expect(code).toBe(0);
      expect(stdout.text).toBe(`line ${i}\n`);
    }
  });

  it('gives up on a call that gets no answer, with a message that says what to do', async () => {
    await serve(() => undefined);
    const client = await connect(cliTimeouts({ BERTH_TIMEOUT: '1' }));
    const started = Date.now();
    await expect(client.call('containers:list', { all: true })).rejects.toMatchObject({
      code: 'timeout',
      message: 'Berth did not answer containers:list within 1 s (is it stuck? `berth status` or restart it)',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('tells onClose listeners when Berth goes away, fails calls in flight, and closes without hanging', async () => {
    await serve(() => undefined);
    const client = await connect();
    const closed = new Promise<string>((resolve) => client.onClose(() => resolve('closed')));
    const call = client.call('engine:get-status', {});
    peers[0]!.destroy();
    expect(await closed).toBe('closed');
    await expect(call).rejects.toMatchObject({ code: 'engine-unavailable' });
    // Registered after the fact: still told, on a later tick.
    expect(await new Promise((resolve) => client.onClose(() => resolve('late')))).toBe('late');
    await client.close();
  });

  it('does not call onClose listeners when the client closes the connection itself', async () => {
    await serve(() => undefined);
    const client = await connect();
    let told = false;
    client.onClose(() => (told = true));
    await client.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(told).toBe(false);
  });

  it('a following `berth logs` says it lost Berth and exits 1 when the server goes away', async () => {
    await serve((call, socket) => socket.write(line({ t: 'reply', id: call.id, ok: true, value: { subscriptionId: 's', tty: false } })));
    const client = await connect();
    const stderr = new Sink();
    const done = printLogs(client, client, { id: 'x', tail: 'all', follow: true, timestamps: false, json: false }, {
      stdout: new Sink(),
      stderr,
      interrupted: new Promise<void>(() => undefined),
    });
    await expect.poll(() => peers.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    peers[0]!.destroy();
    expect(await done).toBe(1);
    expect(stderr.text).toBe('berth: lost the connection to Berth\n');
  });

  it('reads nothing while paused, and closes even while paused', async () => {
    await serve(() => undefined);
    const client = await connect();
    const got: string[] = [];
    client.on('logs:stream-ended', (e) => got.push(e.subscriptionId));
    client.pause();
    await expect.poll(() => peers.length).toBe(1);
    peers[0]!.write(line({ t: 'event', event: 'logs:stream-ended', payload: { subscriptionId: 'a', reason: null } }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(got).toEqual([]);
    client.resume();
    await expect.poll(() => got).toEqual(['a']);
    client.pause();
    const closing = client.close();
    await expect(Promise.race([closing.then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 1_500))])).resolves.toBe('closed');
  });

  it('refuses a socket nobody listens on with a BerthError', async () => {
    await expect(connectControlSocket(path.join(dir, 'nobody.sock'))).rejects.toMatchObject({ code: 'engine-unavailable' });
  });
});
