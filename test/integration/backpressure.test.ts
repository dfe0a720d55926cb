/**
 * Back-pressure end to end: a container prints numbered lines as fast as it
 * can, a client subscribes to its logs over a real transport (the web host's
 * WebSocket, the control socket) and then stops reading. What the host has
 * sent but the client has not read, and the host's memory, must stay bounded;
 * once the client reads again the lines carry on, in order, with no gap.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage, StreamEvents } from '../../preload/contract';
import { createBerth, type Berth } from '../../main/core/berth';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { startControlServer, type ControlServer } from '../../main/core/rpc/control-server';
import { startWebHost, type WebHost } from '../../main/web/server';
import { BUSYBOX_TAG } from '../fixtures/busybox-image';

const MiB = 2 ** 20;
const STALL_MS = 15_000;
const SAMPLE_MS = 250;
// What the host itself holds for a client that does not read: its ~1 MiB threshold plus a batch.
const MAX_HOST_BUFFERED = 4 * MiB;
const MAX_RSS_GROWTH = 100 * MiB;

const docker = new Dockerode(dockerOptionsFromHost(inject('dockerHost')));
const PREFIX = `berth-bp-${Date.now().toString(36)}`;
let home: string;
let berth: Berth;
let host: WebHost;
let control: ControlServer;

/** What the host handed to each log subscription's transport, counted before it is written. */
const sent = new Map<string, { bytes: number; lastLine: number }>();

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-bp-'));
  const rendererDir = path.join(home, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Berth</title>');
  berth = await createBerth({ env: { ...process.env, BERTH_HOME: home }, log: () => undefined });
  // Count each log message as the transports serialise it (connection.ts: { t, event, payload }).
  const openSession = berth.openSession.bind(berth);
  berth.openSession = (sink, options) =>
    openSession((event, payload) => {
      if (event === 'logs:lines-received') {
        const { subscriptionId, lines } = payload as StreamEvents['logs:lines-received'];
        const counted = sent.get(subscriptionId) ?? { bytes: 0, lastLine: 0 };
        counted.bytes += JSON.stringify({ t: 'event', event, payload }).length;
        const last = lines.at(-1);
        if (last) counted.lastLine = numberOf(last.text);
        sent.set(subscriptionId, counted);
      }
      sink(event, payload);
    }, options);
  host = await startWebHost(berth, { rendererDir });
  control = await startControlServer(berth);
});

afterAll(async () => {
  const ours = await docker.listContainers({ all: true, filters: { name: [PREFIX] } });
  await Promise.all(ours.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await control?.close();
  await host?.close();
  await berth?.dispose();
  await rm(home, { recursive: true, force: true });
});

/** The number a line starts with: lines read `<n> xxx…`. */
const numberOf = (text: string): number => Number(text.slice(0, text.indexOf(' ')));

/** A running container that prints lines numbered 1, 2, 3, … (200 bytes of padding each), as fast as it can. */
async function chattyContainer(suffix: string): Promise<string> {
  const container = await docker.createContainer({
    name: `${PREFIX}-${suffix}`,
    Image: BUSYBOX_TAG,
    Cmd: ['awk', 'BEGIN { pad = sprintf("%200s", ""); gsub(/ /, "x", pad); for (i = 1; ; i++) print i, pad }'],
  });
  await container.start();
  return container.id;
}

/** A client of the contract over some transport, whose reading can be stopped. */
interface Transport {
  send(message: unknown): void;
  onMessage(handle: (text: string) => void): void;
  pauseReading(): void;
  resumeReading(): void;
  /** Bytes the kernel holds between the host and the client (sent, not yet read). */
  kernelQueued(): Promise<number>;
  close(): void;
}

/** Send and receive queues of the loopback TCP sockets, keyed `local port>remote port` (Linux). */
async function tcpQueues(): Promise<Map<string, { tx: number; rx: number }>> {
  const queues = new Map<string, { tx: number; rx: number }>();
  for (const line of (await readFile('/proc/net/tcp', 'utf8')).split('\n').slice(1)) {
    const [, local, remote, , txRx] = line.trim().split(/\s+/);
    if (!local || !remote || !txRx) continue;
    const port = (address: string) => parseInt(address.split(':')[1] ?? '', 16);
    const [tx = '', rx = ''] = txRx.split(':');
    queues.set(`${port(local)}>${port(remote)}`, { tx: parseInt(tx, 16), rx: parseInt(rx, 16) });
  }
  return queues;
}

async function webSocketTransport(): Promise<Transport> {
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, {
      headers: { cookie: `berth_token_${host.port}=${host.token}`, origin: `http://127.0.0.1:${host.port}` },
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
  // ws has no pause of its own: stop reading its TCP socket, as a stalled browser tab would.
  const raw = (ws as unknown as { _socket: net.Socket })._socket;
  return {
    send: (message) => ws.send(JSON.stringify(message)),
    onMessage: (handle) => ws.on('message', (data) => handle(String(data))),
    pauseReading: () => raw.pause(),
    resumeReading: () => raw.resume(),
    async kernelQueued() {
      const queues = await tcpQueues();
      const client = queues.get(`${raw.localPort}>${host.port}`);
      const server = queues.get(`${host.port}>${raw.localPort}`);
      if (!client || !server) throw new Error('the WebSocket connection is not in /proc/net/tcp');
      return client.rx + server.tx;
    },
    close: () => ws.terminate(),
  };
}

async function controlSocketTransport(): Promise<Transport> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(control.path, () => resolve(s));
    s.once('error', reject);
  });
  let partial = '';
  const handlers: Array<(text: string) => void> = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) if (line !== '') for (const handle of handlers) handle(line);
  });
  return {
    send: (message) => socket.write(`${JSON.stringify(message)}\n`),
    onMessage: (handle) => void handlers.push(handle),
    // As a CLI whose stdout is a stalled pipe does.
    pauseReading: () => socket.pause(),
    resumeReading: () => socket.resume(),
    // A unix socket's queue is bounded by its small send buffer (about 200 KiB), not measured:
    // counting it as the host's own makes the check stricter, not looser.
    kernelQueued: async () => 0,
    close: () => socket.destroy(),
  };
}

interface Sample {
  /** Sent by the host, not yet read by the client. */
  unread: number;
  /** Of that, what the host process itself holds (not the kernel). */
  hostBuffered: number;
  rss: number;
  heap: number;
}

async function stallAndResume(transport: Transport, containerId: string): Promise<void> {
  const received = { bytes: 0, lines: 0, last: 0, gap: null as string | null };
  const replies = new Map<number, ServerMessage>();
  transport.onMessage((text) => {
    const message = JSON.parse(text) as ServerMessage;
    if (message.t === 'reply') replies.set(message.id, message);
    if (message.t !== 'event' || message.event !== 'logs:lines-received') return;
    received.bytes += text.length;
    for (const line of (message.payload as StreamEvents['logs:lines-received']).lines) {
      const n = numberOf(line.text);
      if (n !== received.last + 1) received.gap ??= `line ${n} came after line ${received.last}`;
      received.last = n;
      received.lines++;
    }
  });
  let nextId = 1;
  const call = async (method: string, input: unknown): Promise<unknown> => {
    const id = nextId++;
    transport.send({ t: 'call', id, method, input });
    await expect.poll(() => replies.get(id), { timeout: 30_000 }).toBeDefined();
    const reply = replies.get(id)!;
    if (reply.t !== 'reply' || !reply.ok) throw new Error(`${method} failed: ${JSON.stringify(reply)}`);
    return reply.value;
  };

  await call('engine:start', {});
  const { subscriptionId } = (await call('logs:subscribe', { id: containerId, tail: 'all', follow: true })) as {
    subscriptionId: string;
  };
  const unread = () => (sent.get(subscriptionId)?.bytes ?? 0) - received.bytes;

  const subscribed = Date.now();
  await expect.poll(() => received.lines, { timeout: 30_000 }).toBeGreaterThan(50_000);
  const rate = (lines: number, since: number) => `${Math.round(lines / ((Date.now() - since) / 1000))} lines/s`;
  const rateBefore = rate(received.lines, subscribed);
  transport.pauseReading();
  const before = process.memoryUsage();
  const samples: Sample[] = [];
  const stallEnds = Date.now() + STALL_MS;
  while (Date.now() < stallEnds) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    const now = process.memoryUsage();
    const unreadNow = unread();
    samples.push({
      unread: unreadNow,
      hostBuffered: unreadNow - (await transport.kernelQueued()),
      rss: now.rss - before.rss,
      heap: now.heapUsed - before.heapUsed,
    });
  }
  const peak = (key: keyof Sample) => Math.max(...samples.map((s) => s[key]));
  const mb = (n: number) => `${(n / MiB).toFixed(1)} MB`;
  console.log(
    `back-pressure: ${STALL_MS / 1000} s stalled: peak unread ${mb(peak('unread'))}, ` +
      `of it held by the host ${mb(peak('hostBuffered'))}; peak growth RSS ${mb(peak('rss'))}, ` +
      `heap ${mb(peak('heap'))} (RSS ${mb(before.rss)} at the stall; ${rateBefore} before it)`,
  );

  // The host went on sending after the client stopped (it was not idle), then held back.
  expect(peak('unread')).toBeGreaterThan(0);
  expect(peak('hostBuffered')).toBeLessThan(MAX_HOST_BUFFERED);
  expect(peak('rss')).toBeLessThan(MAX_RSS_GROWTH);

  // Reading again: what was held back arrives, then lines the host sent only after the
  // resume (so the engine stream was resumed too), in order from 1 with no gap.
  const sentAtResume = sent.get(subscriptionId)!.lastLine;
  const resumed = Date.now();
  const readAtResume = received.lines;
  transport.resumeReading();
  await expect.poll(() => received.last, { timeout: 30_000, interval: 100 }).toBeGreaterThan(sentAtResume + 100_000);
  console.log(`back-pressure: after the stall, ${rate(received.lines - readAtResume, resumed)}`);
  expect(received.gap).toBeNull();
  expect(received.lines).toBe(received.last);

  await call('logs:unsubscribe', { subscriptionId });
  transport.close();
}

describe('log streams under back-pressure', () => {
  it('a WebSocket client that stops reading costs bounded memory, and loses nothing', async () => {
    const id = await chattyContainer('ws');
    await stallAndResume(await webSocketTransport(), id);
    await docker.getContainer(id).remove({ force: true });
  }, 120_000);

  it('a control-socket client that stops reading costs bounded memory, and loses nothing', async () => {
    const id = await chattyContainer('control');
    await stallAndResume(await controlSocketTransport(), id);
    await docker.getContainer(id).remove({ force: true });
  }, 120_000);
});
