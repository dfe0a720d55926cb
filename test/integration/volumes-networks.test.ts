/**
 * Looking inside volumes and managing networks against a real engine (see
 * global-setup.ts). Everything made here carries a per-run prefix and is
 * removed in afterAll.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BroadcastEvents, NetworkSummary } from '../../preload/contract';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { DockerService } from '../../main/core/docker/docker-service';
import { Networks } from '../../main/core/docker/networks';
import { HELPER_LABEL } from '../../main/core/docker/volume-helper';
import { VolumeFiles } from '../../main/core/docker/volume-files';
import { VolumeSaves, type SaveRequest } from '../../main/core/docker/volume-saves';
import { EventBus } from '../../main/core/events';
import { BUSYBOX_TAG } from '../fixtures/busybox-image';

const PREFIX = `berth-vn-${Date.now().toString(36)}`;
const docker = new Dockerode(dockerOptionsFromHost(inject('dockerHost')));
const files = new VolumeFiles(docker);
const networks = new Networks(docker);
const volume = `${PREFIX}-data`;
const writer = `${PREFIX}-writer`;

async function runToEnd(name: string, cmd: string, binds: string[]): Promise<void> {
  const container = await docker.createContainer({
    name,
    Image: BUSYBOX_TAG,
    Cmd: ['sh', '-c', cmd],
    HostConfig: { Binds: binds, NetworkMode: 'none' },
  });
  await container.start();
  const { StatusCode } = (await container.wait()) as { StatusCode: number };
  expect(StatusCode).toBe(0);
}

async function helpersLeft(): Promise<number> {
  return (await docker.listContainers({ all: true, filters: { label: [HELPER_LABEL] } })).length;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Buffer));
  return Buffer.concat(parts);
}

beforeAll(async () => {
  await docker.createVolume({ Name: volume, Labels: { [PREFIX]: '1' } });
  // The writer stays (stopped) so the volume has a user to report.
  await runToEnd(writer, 'mkdir -p /d/sub/deep && printf hello > /d/hello.txt && head -c 5000 /dev/zero > /d/sub/zeros.bin && ln -s hello.txt /d/link', [
    `${volume}:/d`,
  ]);
});

afterAll(async () => {
  for (const c of await docker.listContainers({ all: true })) {
    if (c.Names.some((n) => n.startsWith(`/${PREFIX}`))) await docker.getContainer(c.Id).remove({ force: true });
  }
  for (const n of await docker.listNetworks()) if (n.Name.startsWith(PREFIX)) await docker.getNetwork(n.Id).remove().catch(() => undefined);
  const { Volumes } = await docker.listVolumes();
  for (const v of Volumes ?? []) if (v.Name.startsWith(PREFIX)) await docker.getVolume(v.Name).remove({ force: true }).catch(() => undefined);
});

describe('volume files', () => {
  it('lists the tree with sizes through a helper container that is gone afterwards', async () => {
    const tree = await files.browse(volume, '');
    expect(tree.truncated).toBe(false);
    expect(tree.helperImage).not.toBe('');
    expect(tree.root.sizeBytes).toBe(5005);
    expect(tree.root.children.map((c) => [c.path, c.kind, c.sizeBytes])).toEqual([
      ['sub', 'directory', 5000],
      ['hello.txt', 'file', 5],
      ['link', 'symlink', 0],
    ]);
    expect(tree.root.children[0]!.children.map((c) => c.path)).toEqual(['sub/deep', 'sub/zeros.bin']);
    expect(await helpersLeft()).toBe(0);
  });

  it('lists below a path, and says so when the path is not there', async () => {
    const tree = await files.browse(volume, 'sub');
    expect(tree.root.children.map((c) => c.path)).toEqual(['sub/deep', 'sub/zeros.bin']);
    await expect(files.browse(volume, 'nope')).rejects.toMatchObject({ code: 'not-found', message: `No nope in volume ${volume}` });
    await expect(files.browse(volume, '../etc')).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await helpersLeft()).toBe(0);
  });

  it('stops early on a volume too big to list, and says why', async () => {
    const few = await files.browse(volume, '', { entries: 2, bytes: 2 ** 30, ms: 60_000 });
    expect(few).toMatchObject({ truncated: true, truncatedReason: 'The volume holds more than 2 entries.', entryCount: 1 });
    // The root and hello.txt come before zeros.bin's 5000 bytes in the archive: a small byte budget stops there.
    const heavy = await files.browse(volume, '', { entries: 1000, bytes: 3000, ms: 60_000 });
    expect(heavy.truncated).toBe(true);
    expect(heavy.truncatedReason).toMatch(/more data than one listing reads/);
    expect(heavy.entryCount).toBeLessThan(5);
    const whole = await files.browse(volume, '');
    expect(whole).toMatchObject({ truncated: false, truncatedReason: null, entryCount: 5 });
    expect(await helpersLeft()).toBe(0);
  });

  it('does not create a volume that does not exist', async () => {
    await expect(files.browse(`${PREFIX}-missing`, '')).rejects.toMatchObject({ code: 'not-found' });
    await expect(docker.getVolume(`${PREFIX}-missing`).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('names the containers that use a volume, where and how', async () => {
    expect(await files.users(volume)).toEqual([
      { containerId: expect.any(String), containerName: writer, state: 'exited', destination: '/d', readOnly: false },
    ]);
  });

  it('streams one file, and refuses directories and links with the reason', async () => {
    const file = await files.openFile(volume, 'sub/zeros.bin');
    expect(file).toMatchObject({ fileName: 'zeros.bin', sizeBytes: 5000 });
    expect((await collect(file.stream)).equals(Buffer.alloc(5000))).toBe(true);
    await expect(files.openFile(volume, 'sub')).rejects.toMatchObject({ code: 'invalid-input', message: 'sub is a directory: only files can be downloaded.' });
    await expect(files.openFile(volume, 'link')).rejects.toMatchObject({ message: 'link is a link to hello.txt: download its target.' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await helpersLeft()).toBe(0);
  });

  it('exports a volume as tar and imports it into another, and refuses an upload that is not a tar', async () => {
    const copy = `${PREFIX}-copy`;
    await docker.createVolume({ Name: copy });
    const archive = await collect(await files.exportTar(volume));
    await files.importTar(copy, Readable.from([archive.subarray(0, 100), archive.subarray(100)]));
    const tree = await files.browse(copy, '');
    expect(tree.root.children.map((c) => [c.path, c.sizeBytes])).toEqual([
      ['sub', 5000],
      ['hello.txt', 5],
      ['link', 0],
    ]);
    await expect(files.importTar(copy, Readable.from([Buffer.from('not a tar at all')]))).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/not a tar archive/),
    });
    expect(await helpersLeft()).toBe(0);
  });

  it('prunes unused volumes and says what it removed', async () => {
    const unused = `${PREFIX}-unused`;
    await docker.createVolume({ Name: unused, Labels: { [PREFIX]: '1' } });
    // Only this run's volumes: the engine may be someone's own, with volumes they keep.
    const result = await files.prune(true, PREFIX);
    expect(result.deleted).toEqual([unused]);
    expect(result.deleted).toContain(unused);
    expect(result.deleted).not.toContain(volume); // the stopped writer still uses it
    expect(result.spaceReclaimedBytes).toBeGreaterThanOrEqual(0);
  });
});

describe('desktop saves (the save dialog injected)', () => {
  it('saves a file and the whole volume where the dialog says, imports a tar from disk, and says when there is no dialog', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-vsave-'));
    const asked: SaveRequest[] = [];
    let answer: string | null = path.join(dir, 'zeros.bin');
    const engine = { dockerService: () => new DockerService(docker, new EventBus()) };
    const saves = new VolumeSaves({ engine, chooseSavePath: async (request) => (asked.push(request), answer) });
    try {
      expect(await saves.saveFile(volume, 'sub/zeros.bin')).toEqual({ savedTo: path.join(dir, 'zeros.bin') });
      expect((await readFile(path.join(dir, 'zeros.bin'))).equals(Buffer.alloc(5000))).toBe(true);
      expect(asked[0]).toEqual({ title: `Save zeros.bin from volume ${volume}`, defaultName: 'zeros.bin', extensions: null });

      answer = path.join(dir, 'export.tar');
      await saves.exportFile(volume);
      expect(asked[1]).toMatchObject({ defaultName: `${volume}.tar`, extensions: ['tar'] });
      const restored = `${PREFIX}-restored`;
      await docker.createVolume({ Name: restored, Labels: { [PREFIX]: '1' } });
      await saves.importFile(restored, answer);
      expect((await files.browse(restored, '')).root.sizeBytes).toBe(5005);

      answer = null; // the user cancelled
      expect(await saves.exportFile(volume)).toEqual({ savedTo: null });
      answer = path.join(dir, 'dir-download');
      await expect(saves.saveFile(volume, 'sub')).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(stat(answer)).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(saves.importFile(restored, path.join(dir, 'missing.tar'))).rejects.toMatchObject({ code: 'not-found' });
      await expect(new VolumeSaves({ engine }).exportFile(volume)).rejects.toMatchObject({ code: 'not-supported' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('networks', () => {
  const name = `${PREFIX}-net`;
  const member = `${PREFIX}-member`;

  it('creates a network with a subnet and gateway, pushes it, connects and disconnects a container, and removes it', async () => {
    const bus = new EventBus();
    const pushes: BroadcastEvents['networks:list-changed'][] = [];
    bus.on('networks:list-changed', (list) => pushes.push(list));
    const stop = new DockerService(docker, bus).watch((error) => {
      throw error;
    });
    const pushed = async (check: (n: NetworkSummary | undefined) => boolean) =>
      expect.poll(() => check(pushes.at(-1)?.find((n) => n.name === name)), { timeout: 10_000 }).toBe(true);
    try {
      const created = await networks.create({ name, driver: 'bridge', subnet: '10.213.0.0/24', gateway: '10.213.0.1', internal: true });
      expect(created).toMatchObject({ name, driver: 'bridge', internal: true, builtIn: false, subnets: [{ subnet: '10.213.0.0/24', gateway: '10.213.0.1' }] });
      await pushed((n) => n !== undefined);

      const container = await docker.createContainer({ name: member, Image: BUSYBOX_TAG, Cmd: ['sleep', '60'] });
      await networks.connect(name, member);
      // Joining while not running is announced by no engine event: the list shows it when asked.
      const listed = (await networks.list()).find((n) => n.name === name)!;
      expect(listed.containers).toEqual([{ containerId: container.id, containerName: member, state: 'created', ipv4: null }]);
      // Started, it gets an address from the subnet, and that is pushed.
      await container.start();
      await pushed((n) => /^10\.213\.0\.\d+$/.test(n?.containers.find((m) => m.containerName === member)?.ipv4 ?? ''));

      await networks.disconnect(name, member, false);
      await pushed((n) => n?.containers.length === 0);

      await expect(networks.create({ name, driver: 'bridge', internal: false })).rejects.toMatchObject({ code: 'conflict' });
      await networks.remove(name);
      await pushed((n) => n === undefined);
    } finally {
      stop();
    }
  });

  it('lists the built-in networks and refuses to remove them', async () => {
    const list = await networks.list();
    expect(list.find((n) => n.name === 'host')).toMatchObject({ builtIn: true, driver: 'host' });
    await expect(networks.remove('host')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/engine's own networks/) });
    await expect(networks.remove(`${PREFIX}-nope`)).rejects.toMatchObject({ code: 'not-found' });
  });
});
