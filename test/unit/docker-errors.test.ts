import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BerthError } from '../../preload/contract';
import { isNotModified, toBerthError } from '../../main/core/docker/errors';

/** An error shaped the way docker-modem builds one from an HTTP answer. */
function httpError(statusCode: number, reason: string, message: string | null): Error {
  const error = new Error(`(HTTP code ${statusCode}) ${reason} - ${message ?? ''} `) as Error & Record<string, unknown>;
  error.statusCode = statusCode;
  error.reason = reason;
  error.json = message === null ? null : { message };
  return error;
}

function socketError(code: string, address?: string): Error {
  return Object.assign(new Error(`connect ${code} ${address ?? ''}`), { code, syscall: 'connect', address });
}

describe('toBerthError', () => {
  it.each([
    [httpError(404, 'no such container', 'No such container: nope'), 'container nope', 'not-found', 'No such container: nope'],
    [httpError(404, 'no such image', 'No such image: ghost:latest'), 'image ghost:latest', 'not-found', 'No such image: ghost:latest'],
    [httpError(404, 'no such container', null), 'container nope', 'not-found', 'No such container nope'],
    [
      httpError(409, 'conflict', 'Container 1a2b is not running'),
      'container 1a2b',
      'conflict',
      'Container 1a2b is not running',
    ],
    [
      httpError(409, 'conflict', 'remove vol: volume is in use - [1a2b]'),
      'volume vol',
      'conflict',
      'remove vol: volume is in use - [1a2b]',
    ],
    [httpError(400, 'bad parameter', 'Invalid signal: SIGNOPE'), 'container x', 'invalid-input', 'Invalid signal: SIGNOPE'],
    [
      httpError(500, 'server error', 'driver failed programming external connectivity'),
      'container web',
      'internal',
      'container web: driver failed programming external connectivity',
    ],
    [new Error('socket hang up'), 'image list', 'internal', 'image list: socket hang up'],
    ['a string was thrown', 'ping', 'internal', 'ping: a string was thrown'],
  ])('%s (%s) → %s "%s"', (error, what, code, message) => {
    const mapped = toBerthError(error, what);
    expect(mapped).toBeInstanceOf(BerthError);
    expect([mapped.code, mapped.message]).toEqual([code, message]);
  });

  it('strips dockerode\'s "(HTTP code …) reason - " prefix when the body had no message field', () => {
    const error = httpError(500, 'server error', null);
    error.message = '(HTTP code 500) server error - something broke inside ';
    expect(toBerthError(error, 'container x').message).toBe('container x: something broke inside');
  });

  it.each(['ECONNREFUSED', 'ENOENT', 'EPIPE', 'ECONNRESET'])('%s on the socket → engine-unavailable', (code) => {
    const mapped = toBerthError(socketError(code, '/var/run/docker.sock'), 'container list');
    expect(mapped.code).toBe('engine-unavailable');
    expect(mapped.message).toBe(`Cannot reach the Docker engine at /var/run/docker.sock (${code}): is it running?`);
  });

  it('says when the socket is there but not ours to use', () => {
    expect(toBerthError(socketError('EACCES', '/var/run/docker.sock'), 'ping').message).toMatch(/permission denied/);
  });

  it('passes a BerthError through unchanged', () => {
    const original = new BerthError('timeout', 'too slow');
    expect(toBerthError(original, 'x')).toBe(original);
  });
});

describe('isNotModified', () => {
  it('recognises docker\'s "already started / stopped" answer and nothing else', () => {
    expect(isNotModified(httpError(304, 'container already started', null))).toBe(true);
    expect(isNotModified(httpError(404, 'no such container', 'No such container: x'))).toBe(false);
    expect(isNotModified(null)).toBe(false);
  });
});

// The table above assumes how dockerode shapes its errors; this checks it against the real client.
describe('errors from a real dockerode client', () => {
  let dir: string;
  let server: Server;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-errors-'));
    server = createServer((req, res) => {
      const [status, message] = req.url?.includes('/start') ? [304, ''] : [404, 'No such container: ghost'];
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(message ? JSON.stringify({ message }) : undefined);
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'docker.sock'), resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('maps a 404 to not-found with docker\'s own sentence', async () => {
    const docker = new Dockerode({ socketPath: path.join(dir, 'docker.sock') });
    const error = await docker.getContainer('ghost').inspect().catch((e: unknown) => e);
    const mapped = toBerthError(error, 'container ghost');
    expect([mapped.code, mapped.message]).toEqual(['not-found', 'No such container: ghost']);
  });

  it('sees a 304 from start as not modified', async () => {
    const docker = new Dockerode({ socketPath: path.join(dir, 'docker.sock') });
    expect(isNotModified(await docker.getContainer('ghost').start().catch((e: unknown) => e))).toBe(true);
  });

  it('maps a socket nobody listens on to engine-unavailable', async () => {
    const docker = new Dockerode({ socketPath: path.join(dir, 'absent.sock') });
    const mapped = toBerthError(await docker.ping().catch((e: unknown) => e), 'ping');
    expect(mapped.code).toBe('engine-unavailable');
    expect(mapped.message).toContain(path.join(dir, 'absent.sock'));
  });
});
