/**
 * The diagnostics bundle and the factory reset on the real engine: `berth
 * diagnose` as a user runs it, the archive extracted with the system's tar,
 * each file there and the secrets of a hand-edited settings file redacted;
 * then a reset on the native backend, which must leave the host engine's
 * containers alone.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBerth, type Berth } from '../../main/core/berth';
import { directClient } from '../../main/core/rpc/direct-client';
import { startWebHost } from '../../main/web/server';
import { runBerth } from '../fixtures/berth-cli';

const run = promisify(execFile);
const SECRETS = ['s3cret', 'tok-123', 'hunter2'];
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-diag-'));
  env = { ...process.env, BERTH_HOME: home, DOCKER_HOST: inject('dockerHost') };
  // A hand-edited settings file with secrets in fields Berth does not know: Berth keeps it aside as .bak.
  await writeFile(
    path.join(home, 'settings.json'),
    JSON.stringify({
      version: 1,
      backend: 'native',
      httpProxy: 'http://alice:s3cret@proxy.example:3128',
      registryToken: 'tok-123',
      registry: { url: 'https://registry.example', password: 'hunter2' },
    }),
  );
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

async function extract(archive: string): Promise<string> {
  const into = await mkdtemp(path.join(home, 'x-'));
  await run('tar', ['-xzf', archive, '-C', into]);
  const [folder, ...more] = await readdir(into);
  expect(more).toEqual([]);
  return path.join(into, folder!);
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(path.join(dir, entry.name), `${rel}/`)));
    else out.push(rel);
  }
  return out.sort();
}

describe('berth diagnose', () => {
  it('writes a .tar.gz with logs, versions, docker info and redacted settings', async () => {
    const output = path.join(home, 'bundle.tar.gz');
    const result = await runBerth(env, ['diagnose', '--output', output, '--json'], 60_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { path: string; entries: string[]; sizeBytes: number };
    expect(printed.path).toBe(output);
    expect((await stat(output)).size).toBe(printed.sizeBytes);

    const dir = await extract(output);
    expect(path.basename(dir)).toMatch(/^berth-diagnostics-\d{8}-\d{6}$/);
    expect(await filesUnder(dir)).toEqual(
      [
        'README.txt',
        'docker-info.json',
        'engine-status.json',
        'logs/berth.log',
        'logs/engine.log',
        'logs/vm-qemu.log',
        'logs/vm-serial.log',
        'settings-file.bak.json',
        'settings-file.json',
        'settings.json',
        'versions.json',
      ].sort(),
    );
    expect(printed.entries.map((e) => e.replace(/^[^/]+\//, '')).sort()).toEqual(await filesUnder(dir));

    const { stdout: serverVersion } = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env });
    const info = JSON.parse(await readFile(path.join(dir, 'docker-info.json'), 'utf8')) as { ServerVersion: string };
    expect(info.ServerVersion).toBe(serverVersion.trim());
    const versions = JSON.parse(await readFile(path.join(dir, 'versions.json'), 'utf8')) as Record<string, unknown>;
    expect(versions.berth).toBe('0.1.0');
    expect(versions.node).toBe(process.versions.node);
    expect((versions.docker as { Version: string }).Version).toBe(serverVersion.trim());
    expect(versions).toHaveProperty('qemu');
    expect(versions).toHaveProperty('guestImage');

    const status = JSON.parse(await readFile(path.join(dir, 'engine-status.json'), 'utf8')) as { state: string; backend: string };
    expect(status).toMatchObject({ state: 'running', backend: 'native' });

    // The file kept aside still says what the user had, with every secret masked.
    const kept = JSON.parse(await readFile(path.join(dir, 'settings-file.bak.json'), 'utf8')) as Record<string, unknown>;
    expect(kept).toEqual({
      version: 1,
      backend: 'native',
      httpProxy: 'http://[redacted]@proxy.example:3128',
      registryToken: '[redacted]',
      registry: { url: 'https://registry.example', password: '[redacted]' },
    });
    const everything = await Promise.all((await filesUnder(dir)).map((f) => readFile(path.join(dir, f), 'utf8')));
    for (const secret of SECRETS) expect(everything.join('\n')).not.toContain(secret);

    // Berth's own log says why the file was kept aside.
    expect(await readFile(path.join(dir, 'logs/berth.log'), 'utf8')).toMatch(/unknown setting "registryToken" dropped/);
  });

  it('refuses to overwrite a file, and a folder that does not exist, with what to do', async () => {
    const existing = path.join(home, 'taken.tar.gz');
    await writeFile(existing, 'mine');
    const taken = await runBerth(env, ['diagnose', '--output', existing], 60_000);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already exists; choose another --output or remove it/);
    expect(await readFile(existing, 'utf8')).toBe('mine');
    const nowhere = await runBerth(env, ['diagnose', '--output', path.join(home, 'no', 'such', 'b.tar.gz')], 60_000);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/--output: the folder .* does not exist/);
  });
});

describe('the contract on a running Berth', () => {
  let berth: Berth;
  const containerName = `berth-diag-keep-${process.pid}`;

  beforeAll(async () => {
    berth = await createBerth({ env, autoStart: false, log: () => undefined });
    await berth.engine.start();
  });
  afterAll(async () => {
    await run('docker', ['rm', '-f', containerName], { env }).catch(() => undefined);
    await berth.dispose();
  });

  it('serves a bundle it made by name only, and lists its own log', async () => {
    const client = directClient(berth);
    const bundle = await client.call('troubleshoot:create-bundle', {});
    expect(await berth.troubleshoot.bundlePath(bundle.fileName)).toBe(bundle.path);
    await expect(client.call('troubleshoot:save-bundle', { fileName: '../settings.json' } as never)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(client.call('troubleshoot:save-bundle', { fileName: bundle.fileName })).rejects.toMatchObject({ code: 'not-supported' });
    const log = await client.call('troubleshoot:get-log', { source: 'berth' });
    expect(log.lines.join('\n')).toContain(`diagnostics bundle written: ${bundle.path}`);
    expect(log.lines.join('\n')).toMatch(/engine running \(native\) at unix:\/\//);

    // The web host serves that bundle for download, to a caller with the token, and nothing else.
    const host = await startWebHost(berth, { rendererDir: home });
    try {
      const origin = `http://127.0.0.1:${host.port}`;
      const auth = { Authorization: `Bearer ${host.token}` };
      const ok = await fetch(`${origin}/api/diagnostics/${bundle.fileName}`, { headers: auth });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="${bundle.fileName}"`);
      expect(Buffer.from(await ok.arrayBuffer()).equals(await readFile(bundle.path))).toBe(true);
      for (const name of ['..%2Fsettings.json', '..%2F..%2Fsettings.json', 'berth-diagnostics-x.tar.gz', '']) {
        const refused = await fetch(`${origin}/api/diagnostics/${name}`, { headers: auth });
        expect(refused.status, name).toBe(404);
      }
      expect((await fetch(`${origin}/api/diagnostics/${bundle.fileName}`)).status).toBe(401);
    } finally {
      await host.close();
    }
    await client.close();
  });

  it('factory reset on the native backend resets settings and leaves the host engine alone', async () => {
    await run('docker', ['run', '-d', '--name', containerName, 'berth-test/busybox', 'sleep', '600'], { env });
    const client = directClient(berth);
    await client.call('settings:update', { patch: { cpus: 1, theme: 'dark' } });
    const plan = await client.call('troubleshoot:get-reset-plan', {});
    expect(plan.backend).toBe('native');
    expect(plan.note).toMatch(/never erases that engine's containers, images or volumes/);

    const result = await client.call('troubleshoot:factory-reset', { eraseData: true });
    expect(result.erased.join(' ')).toMatch(/settings.*back to their defaults/);
    expect(result.kept.join(' ')).toMatch(/host Docker Engine's containers, images and volumes/);
    // The engine was running, so it starts again with the default settings.
    expect(result.engine.state).not.toBe('running');
    await expect.poll(() => berth.engine.getStatus().state, { timeout: 20_000 }).toBe('running');
    const { settings } = await client.call('settings:get', {});
    expect(settings).toEqual({ ...berth.settings.defaultSettings() });
    await expect(readdir(home)).resolves.not.toContain('settings.json.bak');
    const { stdout } = await run('docker', ['inspect', '--format', '{{.State.Running}}', containerName], { env });
    expect(stdout.trim()).toBe('true');
    await client.close();
  });

  it('factory reset asks for an explicit choice about the data', async () => {
    const client = directClient(berth);
    await expect(client.call('troubleshoot:factory-reset', {} as never)).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/eraseData must be true .* or false/),
    });
    await client.close();
  });
});

// A VM data disk is erased only when asked: the reset's file handling, without booting a VM.
describe('factory reset with a VM data disk', () => {
  it('keeps the disk when asked to keep, removes it when asked to erase', async () => {
    const vmHome = await mkdtemp(path.join(os.tmpdir(), 'berth-diag-vm-'));
    const vmEnv = { ...env, BERTH_HOME: vmHome };
    const disk = path.join(vmHome, 'state', 'vms', 'default', 'data.img');
    await mkdir(path.dirname(disk), { recursive: true });
    await writeFile(disk, Buffer.alloc(4096, 1));
    await writeFile(path.join(vmHome, 'settings.json'), JSON.stringify({ version: 1, backend: 'qemu' }));
    const berth = await createBerth({ env: vmEnv, autoStart: false, log: () => undefined });
    try {
      const plan = await berth.troubleshoot.resetPlan();
      expect(plan).toMatchObject({ backend: 'qemu', dataDisk: { path: disk }, note: null });
      const kept = await berth.troubleshoot.factoryReset(false);
      expect(kept.kept.join(' ')).toContain(disk);
      await expect(stat(disk)).resolves.toBeTruthy();
      expect(berth.settings.get().backend).toBe('auto');
      await berth.settings.update({ backend: 'qemu' });
      const erased = await berth.troubleshoot.factoryReset(true);
      expect(erased.erased.join(' ')).toContain(disk);
      await expect(stat(disk)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(kept.engine.state).toBe('stopped');
    } finally {
      await berth.dispose();
      await rm(vmHome, { recursive: true, force: true });
    }
  });
});
