/**
 * The web host's volume transfer paths on a real Berth and engine: a file
 * downloads with its name, a volume exports as tar and imports back, and
 * wrong requests get a JSON error that says what to do.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBerth, type Berth } from '../../main/core/berth';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { TarReader, type TarEntry } from '../../main/core/docker/tar-reader';
import { startWebHost, type WebHost } from '../../main/web/server';
import { volumeTransferPaths } from '../../preload/contract';
import { BUSYBOX_TAG } from '../fixtures/busybox-image';

const docker = new Dockerode(dockerOptionsFromHost(inject('dockerHost')));
const volume = `berth-vt-${Date.now().toString(36)}`;
const target = `${volume}-target`;
let home: string;
let berth: Berth;
let host: WebHost;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(method: string, pathAndQuery: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: pathAndQuery, method, headers: { Authorization: `Bearer ${host.token}`, ...headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8')) as { error?: { code: string; message: string } };

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-vt-'));
  await mkdir(path.join(home, 'renderer'));
  await writeFile(path.join(home, 'renderer', 'index.html'), '<!doctype html><title>Berth</title>');
  berth = await createBerth({ env: { ...process.env, BERTH_HOME: home }, autoStart: true, log: () => undefined });
  host = await startWebHost(berth, { rendererDir: path.join(home, 'renderer') });
  await docker.createVolume({ Name: volume });
  await docker.createVolume({ Name: target });
  const writer = await docker.createContainer({
    Image: BUSYBOX_TAG,
    Cmd: ['sh', '-c', 'printf "grüße\\n" > "/d/grüße.txt" && mkdir /d/sub && printf x > /d/sub/x'],
    HostConfig: { Binds: [`${volume}:/d`], NetworkMode: 'none' },
  });
  await writer.start();
  await writer.wait();
  await writer.remove();
  for (let i = 0; i < 100 && berth.engine.getStatus().state !== 'running'; i++) await new Promise((r) => setTimeout(r, 100));
});

afterAll(async () => {
  await host?.close();
  await berth?.dispose();
  for (const name of [volume, target]) await docker.getVolume(name).remove({ force: true }).catch(() => undefined);
  await rm(home, { recursive: true, force: true });
});

describe('volume transfer over the web host', () => {
  it('downloads one file with its name, any characters kept', async () => {
    const answer = await request('GET', volumeTransferPaths.file(volume, 'grüße.txt'));
    expect(answer.status).toBe(200);
    expect(answer.body.toString('utf8')).toBe('grüße\n');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength('grüße\n')));
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="gr__e.txt"; filename*=UTF-8''${encodeURIComponent('grüße.txt')}`);
  });

  it('exports the volume as a tar and imports it into another', async () => {
    const exported = await request('GET', volumeTransferPaths.exportTar(volume));
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toBe('application/x-tar');
    const entries: TarEntry[] = [];
    new TarReader({ entry: (e) => entries.push(e) }).push(exported.body);
    expect(entries.map((e) => e.name).sort()).toEqual(['./', './grüße.txt', './sub/', './sub/x']);

    const imported = await request('POST', volumeTransferPaths.importTar(target), exported.body, { 'Content-Type': 'application/x-tar' });
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.body.toString('utf8'))).toEqual({ imported: target });
    expect((await request('GET', volumeTransferPaths.file(target, 'sub/x'))).body.toString()).toBe('x');
  });

  it('answers wrong requests with a JSON error that says what to do', async () => {
    const notTar = await request('POST', volumeTransferPaths.importTar(target), Buffer.from('plain text'));
    expect(notTar.status).toBe(400);
    expect(json(notTar).error?.message).toMatch(/not a tar archive/);

    const directory = await request('GET', volumeTransferPaths.file(volume, 'sub'));
    expect(directory.status).toBe(400);
    expect(json(directory).error?.message).toBe('sub is a directory: only files can be downloaded.');

    const missing = await request('GET', volumeTransferPaths.file(volume, 'nope.txt'));
    expect(missing.status).toBe(404);

    const escape = await request('GET', volumeTransferPaths.file(volume, '../../etc/passwd'));
    expect(escape.status).toBe(400);
    expect(json(escape).error?.message).toMatch(/may not leave the volume/);

    const noVolume = await request('GET', volumeTransferPaths.exportTar(`${volume}-missing`));
    expect(noVolume.status).toBe(404);
    await expect(docker.getVolume(`${volume}-missing`).inspect()).rejects.toMatchObject({ statusCode: 404 });

    const wrongMethod = await request('POST', volumeTransferPaths.exportTar(volume));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');

    const unknown = await request('GET', `/api/volumes/${volume}/other`);
    expect(unknown.status).toBe(404);
  });

  it('refuses requests without the token, and posts from other sites', async () => {
    const anonymous = await request('GET', volumeTransferPaths.file(volume, 'grüße.txt'), undefined, { Authorization: '' });
    expect(anonymous.status).toBe(401);
    const foreign = await request('POST', volumeTransferPaths.importTar(target), Buffer.alloc(1024), { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
  });
});
