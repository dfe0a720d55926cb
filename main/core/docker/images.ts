/** Image list and removal through dockerode. */
import type Dockerode from 'dockerode';
import type { ImageSummary } from '../../../preload/contract';
import { toBerthError } from './errors';

export class Images {
  constructor(private readonly docker: Dockerode) {}

  async list(): Promise<ImageSummary[]> {
    try {
      // The image list leaves Containers at -1; counting from the container list is one cheap call.
      const [images, containers] = await Promise.all([
        this.docker.listImages({ all: false }),
        this.docker.listContainers({ all: true }),
      ]);
      const users = new Map<string, number>();
      for (const c of containers) users.set(c.ImageID, (users.get(c.ImageID) ?? 0) + 1);
      return images.map((image) => toImageSummary(image, users.get(image.Id) ?? 0));
    } catch (error) {
      throw toBerthError(error, 'image list');
    }
  }

  async remove(id: string, force: boolean): Promise<void> {
    try {
      await this.docker.getImage(id).remove({ force });
    } catch (error) {
      throw toBerthError(error, `image ${id}`);
    }
  }
}

function toImageSummary(raw: Dockerode.ImageInfo, containers: number): ImageSummary {
  const tags = (raw.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
  return {
    id: raw.Id,
    tags,
    sizeBytes: raw.Size,
    createdAt: raw.Created * 1000,
    containers,
    // An untagged image pulled by digest is still reachable by that digest.
    dangling: tags.length === 0 && (raw.RepoDigests ?? []).every((d) => d.startsWith('<none>')),
  };
}
