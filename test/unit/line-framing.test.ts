import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, onJsonLines, writeJsonLine, type LineSource } from '../../main/core/rpc/line-framing';

/** The part of a net.Socket that onJsonLines uses. */
class FakeSocket extends EventEmitter implements LineSource {
  destroyed = false;
  error: Error | undefined;
  destroy(error?: Error) {
    this.destroyed = true;
    this.error = error;
  }
  feed(...chunks: (string | Buffer)[]) {
    for (const chunk of chunks) this.emit('data', typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
}

function listen() {
  const socket = new FakeSocket();
  const got: unknown[] = [];
  onJsonLines(socket, (message) => got.push(message));
  return { socket, got };
}

/** `text` cut into pieces of `size` bytes. */
function pieces(text: string | Buffer, size: number): Buffer[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('onJsonLines', () => {
  it('joins a line split across many chunks', () => {
    const { socket, got } = listen();
    const message = { t: 'event', payload: { text: 'x'.repeat(10_000) } };
    socket.feed(...pieces(`${JSON.stringify(message)}\n`, 7));
    expect(got).toEqual([message]);
    expect(socket.destroyed).toBe(false);
  });

  it('reads several lines from one chunk, and the start of the next line after them', () => {
    const { socket, got } = listen();
    socket.feed('{"a":1}\n{"b":2}\n\n{"c":', '3}\n{"d"', ':4}\n');
    expect(got).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }]);
  });

  it('decodes a multi-byte character cut between chunks', () => {
    const { socket, got } = listen();
    const bytes = Buffer.from('{"text":"héllo 🚢"}\n');
    socket.feed(...pieces(bytes, 1));
    expect(got).toEqual([{ text: 'héllo 🚢' }]);
  });

  it('accepts string chunks too (a socket with an encoding set)', () => {
    const socket = new FakeSocket();
    const got: unknown[] = [];
    onJsonLines(socket, (message) => got.push(message));
    socket.emit('data', '{"a":"é"}\n{"b"');
    socket.emit('data', ':2}\n');
    expect(got).toEqual([{ a: 'é' }, { b: 2 }]);
  });

  it('destroys the socket on a line that is not JSON, and reads nothing after it', () => {
    const { socket, got } = listen();
    socket.feed('{"a":1}\nnot json\n{"b":2}\n');
    expect(got).toEqual([{ a: 1 }]);
    expect(socket.error?.message).toBe('the peer sent a line that is not JSON');
  });

  it('destroys the socket once an unfinished line passes the limit', () => {
    const { socket, got } = listen();
    const chunk = Buffer.alloc(1024 * 1024, 0x78);
    for (let i = 0; i < 16; i++) socket.feed(chunk);
    expect(socket.destroyed).toBe(false); // exactly at the limit so far
    socket.feed('x');
    expect(socket.error?.message).toBe('the peer sent an over-long line');
    socket.feed('"\n');
    expect(got).toEqual([]);
  });

  it('destroys the socket on an over-long line that arrives whole', () => {
    const { socket, got } = listen();
    socket.feed(Buffer.concat([Buffer.from(`"${'x'.repeat(MAX_LINE_BYTES)}"`), Buffer.from('\n')]));
    expect(socket.error?.message).toBe('the peer sent an over-long line');
    expect(got).toEqual([]);
  });

  it('takes a line just under the limit in small chunks in linear time', () => {
    const { socket, got } = listen();
    const text = 'y'.repeat(MAX_LINE_BYTES - 3);
    const chunks = pieces(`"${text}"\n`, 4096);
    const started = performance.now();
    socket.feed(...chunks);
    const elapsed = performance.now() - started;
    expect(got).toEqual([text]);
    // Re-scanning the whole buffer per chunk (4096 chunks) takes tens of seconds; linear is well under 1 s.
    expect(elapsed).toBeLessThan(2_000);
  });

  it('destroys the socket when a handler throws', () => {
    const socket = new FakeSocket();
    onJsonLines(socket, () => {
      throw new Error('boom');
    });
    socket.feed('{}\n');
    expect(socket.error?.message).toContain('boom');
  });
});

describe('onJsonLines over a real socket', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function pair(): Promise<{ server: net.Server; client: net.Socket; peer: net.Socket }> {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-framing-'));
    const socketPath = path.join(dir, 's.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const client = net.connect(socketPath);
    await new Promise<void>((resolve) => client.once('connect', resolve));
    return { server, client, peer: await accepted };
  }

  it('carries lines both ways, and cuts off a peer that sends an over-long line', async () => {
    const { server, client, peer } = await pair();
    const got: unknown[] = [];
    onJsonLines(peer, (message) => got.push(message));
    const closed = new Promise<Error | undefined>((resolve) => peer.once('error', resolve));
    peer.on('close', () => server.close());
    client.on('error', () => undefined);
    expect(writeJsonLine(client, { hello: 'world' })).toBe(true);
    await expect.poll(() => got).toEqual([{ hello: 'world' }]);
    client.write(Buffer.alloc(MAX_LINE_BYTES + 1024, 0x7a));
    expect((await closed)?.message).toBe('the peer sent an over-long line');
    expect(got).toHaveLength(1);
    expect(writeJsonLine(peer, { after: 'destroy' })).toBe(false);
    client.destroy();
  });
});
