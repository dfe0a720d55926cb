/** The docker CLI itself must find and use the context Berth writes. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDockerContext } from '../../main/core/engine/docker-context';

const run = promisify(execFile);
let configDir: string;

beforeAll(async () => {
  configDir = await mkdtemp(path.join(os.tmpdir(), 'docker-config-'));
});
afterAll(() => rm(configDir, { recursive: true, force: true }));

describe('the berth docker context', () => {
  it('lets `docker --context berth` reach the engine without switching the current context', async () => {
    await writeFile(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'default' }));
    await writeDockerContext(process.env.DOCKER_HOST!, { DOCKER_CONFIG: configDir });
    // Without DOCKER_HOST, which would override any context.
    const { DOCKER_HOST: _ignored, ...inherited } = process.env;
    const env = { ...inherited, DOCKER_CONFIG: configDir };
    const { stdout } = await run('docker', ['--context', 'berth', 'version', '--format', '{{.Server.APIVersion}}'], { env });
    expect(stdout.trim()).toMatch(/^\d+\.\d+$/);
    const listed = await run('docker', ['context', 'ls', '--format', '{{.Name}} {{.DockerEndpoint}}'], { env });
    expect(listed.stdout).toContain(`berth ${process.env.DOCKER_HOST}`);
    expect(JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8')).currentContext).toBe('default');
  });
});
