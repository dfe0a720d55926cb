/**
 * `docker run -d` from a spec: create, then start. A container that was
 * created but would not start (a port in use, a missing folder) is removed
 * again, so the user can fix the form and press Run once more under the same
 * name; the engine's refusal is passed on in its own words.
 */
import type Dockerode from 'dockerode';
import type { RunSpec } from '../../../preload/contract';
import { inEngineWords } from './engine-words';
import { toCreateBody } from './run-spec';

export async function runContainer(docker: Dockerode, spec: RunSpec): Promise<{ id: string }> {
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer(toCreateBody(spec) as Dockerode.ContainerCreateOptions);
  } catch (error) {
    throw inEngineWords(error, `create a container from ${spec.image}`);
  }
  try {
    await container.start();
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw inEngineWords(error, `start the container from ${spec.image}`);
  }
  return { id: container.id };
}
