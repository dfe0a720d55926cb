/**
 * A short-lived helper container that mounts a volume and is never started:
 * the engine's archive endpoint reads and writes a created container's
 * mounts, so no shell, no `tar` and no network are needed inside it. It
 * still needs an image to be made from: any local one will do.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { BerthError } from '../../../preload/contract';
import { toBerthError } from './errors';

/** Where the helper mounts the volume. */
export const HELPER_MOUNT = '/berth-volume';
/** Marks helper containers so lists of a volume's users can leave them out. */
export const HELPER_LABEL = 'berth.helper';

// The typings want every volume option; the engine takes NoCopy alone.
const NO_COPY = { NoCopy: true } as NonNullable<Dockerode.MountSettings['VolumeOptions']>;

export interface VolumeHelper {
  container: Dockerode.Container;
  image: string;
  /** Removes the container; safe to call twice. */
  remove(): Promise<void>;
}

/** A local image to make the helper from; the smallest, as it is never run. */
export async function pickHelperImage(docker: Dockerode): Promise<string> {
  const images = await docker.listImages({ all: false });
  if (images.length === 0) {
    throw new BerthError(
      'conflict',
      'Looking inside a volume needs one local image to make a helper container from (it is never started), ' +
        'and this engine has none. Pull or build any image (e.g. `docker pull busybox`) and try again.',
    );
  }
  const smallest = [...images].sort((a, b) => a.Size - b.Size)[0]!;
  const tag = (smallest.RepoTags ?? []).find((t) => t !== '<none>:<none>');
  return tag ?? smallest.Id;
}

export async function createVolumeHelper(docker: Dockerode, volume: string, readOnly: boolean): Promise<VolumeHelper> {
  try {
    // Mounting a volume that does not exist would create it: check first.
    await docker.getVolume(volume).inspect();
  } catch (error) {
    throw toBerthError(error, `volume ${volume}`);
  }
  const image = await pickHelperImage(docker);
  void removeStaleHelpers(docker);
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer({
      name: `berth-volume-helper-${randomBytes(4).toString('hex')}`,
      Image: image,
      // Never run; an image without a command of its own would otherwise be refused.
      Entrypoint: ['/berth-helper-is-never-started'],
      Cmd: [],
      NetworkDisabled: true,
      Labels: { [HELPER_LABEL]: 'volume' },
      HostConfig: {
        NetworkMode: 'none',
        // NoCopy: an empty volume must not be filled with the image's files at the mount point.
        Mounts: [{ Type: 'volume', Source: volume, Target: HELPER_MOUNT, ReadOnly: readOnly, VolumeOptions: NO_COPY }],
      },
    });
  } catch (error) {
    throw toBerthError(error, `helper container for volume ${volume}`);
  }
  let removed: Promise<void> | null = null;
  return {
    container,
    image,
    remove: () =>
      (removed ??= (container.remove({ force: true, v: false }) as Promise<unknown>).then(
        () => undefined,
        (error: unknown) => console.error(`berth: could not remove helper container ${container.id}:`, error),
      )),
  };
}

/** Helpers live for one request; older ones were left by a Berth that stopped mid-way. */
const STALE_AFTER_S = 3600;

export async function removeStaleHelpers(docker: Dockerode, nowS = Date.now() / 1000): Promise<void> {
  try {
    const helpers = await docker.listContainers({ all: true, filters: { label: [HELPER_LABEL] } });
    await Promise.all(
      helpers
        .filter((c) => c.State === 'created' && nowS - c.Created > STALE_AFTER_S)
        .map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)),
    );
  } catch {
    // Tidying is best effort: the request itself does not depend on it.
  }
}

/** The helper's archive path for a path inside the volume. */
export function helperPath(pathInVolume: string, contentsOnly = false): string {
  const clean = pathInVolume.split('/').filter((s) => s !== '' && s !== '.').join('/');
  const full = clean === '' ? HELPER_MOUNT : `${HELPER_MOUNT}/${clean}`;
  // `dir/.` archives a directory's contents with names relative to it (`./a`), as `tar -C dir .` does.
  return contentsOnly ? `${full}/.` : full;
}
