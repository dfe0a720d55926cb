/**
 * Image load (from a file on disk, Electron's way), inspect, prune and
 * containers:run through ImageOps / runContainer on the real engine. The
 * browser's upload is driven end to end in test/e2e/images.spec.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { ImageOps } from '../../main/core/docker/image-ops';
import { runContainer } from '../../main/core/docker/run-container';
import { BUSYBOX_TAG } from '../fixtures/busybox-image';

const PREFIX = `berth-it-img-${Date.now().toString(36)}`;
const docker = new Dockerode(dockerOptionsFromHost(inject('dockerHost')));
const ops = new ImageOps(docker);
const run = promisify(execFile);
let scratch = '';

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'berth-it-images-'));
});

afterAll(async () => {
  for (const c of await docker.listContainers({ all: true, filters: { name: [PREFIX] } })) await docker.getContainer(c.Id).remove({ force: true });
  await docker.getImage(`${PREFIX}/loaded:1`).remove().catch(() => undefined);
  await rm(scratch, { recursive: true, force: true });
});

describe('images on the real engine', () => {
  it('loads a docker save archive from a path, streamed from disk', async () => {
    const tag = `${PREFIX}/loaded:1`;
    const archive = path.join(scratch, 'image.tar');
    await docker.getImage(BUSYBOX_TAG).tag({ repo: `${PREFIX}/loaded`, tag: '1' });
    await run('docker', ['save', '-o', archive, tag], { env: { ...process.env, DOCKER_HOST: inject('dockerHost') } });
    await docker.getImage(tag).remove();
    expect(await ops.loadFile(archive)).toEqual({ loaded: [tag] });
    expect((await docker.getImage(tag).inspect()).RepoTags).toContain(tag);
  });

  it('refuses a path that is no archive, or is not there, saying what to do', async () => {
    const junk = path.join(scratch, 'junk.tar');
    await writeFile(junk, 'not a tar\n');
    await expect(ops.loadFile(junk)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/could not load the archive.*docker save/) });
    await expect(ops.loadFile(path.join(scratch, 'missing.tar'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(ops.loadFile(scratch)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/is not a file/) });
  });

  it('inspects layers, history and config', async () => {
    const detail = await ops.inspect(BUSYBOX_TAG);
    expect(detail.tags).toContain(BUSYBOX_TAG);
    expect(detail.layers.length).toBeGreaterThan(0);
    expect(detail.layers[0]).toMatch(/^sha256:/);
    expect(detail.history.some((h) => h.createdBy.includes('busybox'))).toBe(true);
    expect(detail.config.cmd).toEqual(['sh']);
    await expect(ops.inspect('no-such-image-here:1')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('prunes dangling images and reports what it freed', async () => {
    // A container made and committed twice under one tag leaves the first commit dangling.
    const base = await docker.createContainer({ name: `${PREFIX}-base`, Image: BUSYBOX_TAG, Cmd: ['true'] });
    const repo = `${PREFIX}/dangling`;
    const first = await base.commit({ repo, tag: 'x', changes: 'LABEL round=1' });
    await base.commit({ repo, tag: 'x', changes: 'LABEL round=2' });
    expect((await docker.listImages({ filters: { dangling: ['true'] } })).map((i) => i.Id)).toContain(first.Id);
    const result = await ops.prune(false);
    expect(result.deletedCount).toBeGreaterThanOrEqual(1);
    expect(result.spaceReclaimedBytes).toBeGreaterThanOrEqual(0);
    expect(await docker.listImages({ filters: { dangling: ['true'] } })).toHaveLength(0);
    await base.remove({ force: true });
    await docker.getImage(`${repo}:x`).remove();
  });

  it('runs a container from a spec, and removes it again when the engine will not start it', async () => {
    const name = `${PREFIX}-run`;
    const { id } = await runContainer(docker, {
      image: BUSYBOX_TAG,
      name,
      ports: [{ hostIp: '127.0.0.1', hostPort: null, containerPort: 8080, protocol: 'udp' }],
      binds: [{ hostPath: scratch, containerPath: '/scratch', readOnly: true }],
      volumes: [{ name: `${PREFIX}-vol`, containerPath: '/vol', readOnly: false }],
      env: [{ name: 'A', value: 'b c' }],
      restartPolicy: 'on-failure',
      command: ['sleep', '30'],
    });
    const info = await docker.getContainer(id).inspect();
    expect(info.Name).toBe(`/${name}`);
    expect(info.HostConfig.PortBindings).toEqual({ '8080/udp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(info.HostConfig.RestartPolicy).toMatchObject({ Name: 'on-failure' });
    expect(info.Mounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Type: 'bind', Source: scratch, Destination: '/scratch', RW: false }),
        expect.objectContaining({ Type: 'volume', Name: `${PREFIX}-vol`, Destination: '/vol', RW: true }),
      ]),
    );
    expect(info.Config.Env).toContain('A=b c');
    expect(info.Config.Cmd).toEqual(['sleep', '30']);
    await docker.getContainer(id).remove({ force: true, v: true });
    await docker.getVolume(`${PREFIX}-vol`).remove();

    const refused = `${PREFIX}-refused`;
    await expect(runContainer(docker, { image: BUSYBOX_TAG, name: refused, ports: [], binds: [], volumes: [], env: [], command: ['no-such-program'] })).rejects.toMatchObject({
      message: expect.stringContaining('"no-such-program": executable file not found in $PATH'),
    });
    expect(await docker.listContainers({ all: true, filters: { name: [refused] } })).toHaveLength(0);
    // The name is free again for the corrected run.
    await expect(runContainer(docker, { image: 'no-such-image-here:1', name: refused, ports: [], binds: [], volumes: [], env: [] })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/No such image: no-such-image-here:1/),
    });
  });
});
