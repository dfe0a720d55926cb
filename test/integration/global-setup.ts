/**
 * Once per integration run: a Docker Engine (a private dockerd when none
 * answers and we are root) and the offline test image. Test files get the
 * engine's address through inject('dockerHost').
 */
import Dockerode from 'dockerode';
import type { TestProject } from 'vitest/node';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { ensureBusyboxImage } from '../fixtures/busybox-image';
import { ensureDockerEngine } from '../fixtures/dockerd-harness';

declare module 'vitest' {
  export interface ProvidedContext {
    dockerHost: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await ensureDockerEngine();
  try {
    const started = Date.now();
    await ensureBusyboxImage(new Dockerode(dockerOptionsFromHost(engine.dockerHost)));
    console.log(`berth tests: busybox image ready in ${Date.now() - started} ms`);
  } catch (error) {
    await engine.stop();
    throw error;
  }
  project.provide('dockerHost', engine.dockerHost);
  // Workers are started after global setup and inherit this environment,
  // so code that reads DOCKER_HOST itself (the CLI, the web host) finds the engine too.
  const previous = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = engine.dockerHost;
  return async () => {
    if (previous === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = previous;
    await engine.stop();
  };
}
