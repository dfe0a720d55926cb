/**
 * The web host on a real Berth and a real engine: who gets in, and that the
 * contract works over its WebSocket.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBerth, type Berth } from '../../main/core/berth';
import { startWebHost, type WebHost } from '../../main/web/server';
import type { ServerMessage } from '../../preload/contract';

let home: string;
let berth: Berth;
let host: WebHost;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-web-'));
  const rendererDir = path.join(home, 'renderer');
  await writeFile(path.join(home, 'placeholder'), '');
  await import('node:fs/promises').then((fs) => fs.mkdir(rendererDir));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Berth</title>');
  berth = await createBerth({ env: { ...process.env, BERTH_HOME: home }, autoStart: true, log: () => undefined });
  host = await startWebHost(berth, { rendererDir });
});

afterAll(async () => {
  await host?.close();
  await berth?.dispose();
  await rm(home, { recursive: true, force: true });
});

function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<http.IncomingMessage & { body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(Object.assign(res, { body })));
    });
    req.on('error', reject);
  });
}

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const cookie = () => `berth_token_${host.port}=${host.token}`;

describe('web host', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a request without the token', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('token');
  });

  it('trades the token in the URL for an HttpOnly cookie and serves the UI with it', async () => {
    const first = await get(`/?token=${host.token}`);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get('/', { cookie: cookie() });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Berth</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a foreign Host or Origin even with the token', async () => {
    expect((await get('/', { cookie: cookie(), host: 'attacker.example' })).statusCode).toBe(403);
    expect((await get('/', { cookie: cookie(), origin: 'http://attacker.example' })).statusCode).toBe(403);
  });

  it('answers malformed cookies and request targets with an error and keeps serving', async () => {
    expect((await get('/', { cookie: `berth_token_${host.port}=%E0%A4%A` })).statusCode).toBe(401);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(host.port, '127.0.0.1', () => socket.write(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => socket.end(), 500);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect((await get('/', { cookie: cookie() })).statusCode).toBe(200);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/..%2fplaceholder', { cookie: cookie() });
    expect(res.statusCode).toBe(404);
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    await expect(openSocket({})).rejects.toThrow('401');
    await expect(openSocket({ cookie: cookie(), origin: 'http://attacker.example' })).rejects.toThrow('403');
  });

  it('answers contract calls and pushes events over the WebSocket', async () => {
    const ws = await openSocket({ cookie: cookie(), origin: `http://127.0.0.1:${host.port}` });
    const messages: ServerMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
    const replyTo = (id: number) =>
      expect.poll(() => messages.find((m) => m.t === 'reply' && m.id === id), { timeout: 15_000 }).toBeTruthy();

    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'engine:start', input: {} }));
    await replyTo(1);
    ws.send(JSON.stringify({ t: 'call', id: 2, method: 'containers:inspect', input: { id: 'no-such-container-xyz' } }));
    await replyTo(2);
    ws.send(JSON.stringify({ t: 'call', id: 3, method: 'settings:update', input: { patch: { theme: 'dark' } } }));
    await replyTo(3);

    const reply = (id: number) => messages.find((m) => m.t === 'reply' && m.id === id);
    expect(reply(1)).toMatchObject({ ok: true, value: { state: 'running', backend: 'native' } });
    expect(reply(2)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(reply(3)).toMatchObject({ ok: true, value: { settings: { theme: 'dark' } } });
    expect(messages.some((m) => m.t === 'event' && m.event === 'settings:snapshot-changed')).toBe(true);
    ws.close();
  });
});
