/** Image load, inspect and prune through dockerode (list and remove are in images.ts). */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import {
  BerthError,
  type ImageDetail,
  type ImageHistoryEntry,
  type ImageLoadResult,
  type ImagePruneResult,
} from '../../../preload/contract';
import { inEngineWords } from './engine-words';
import { toBerthError } from './errors';
import { readJsonLines } from './json-lines';

export class ImageOps {
  constructor(private readonly docker: Dockerode) {}

  /**
   * Streams a `docker save` archive into the engine: nothing is buffered here
   * beyond what the socket holds. `signal` aborts it (the uploader went away).
   */
  async load(archive: Readable, signal?: AbortSignal): Promise<ImageLoadResult> {
    let response: NodeJS.ReadableStream;
    try {
      response = (await this.docker.loadImage(archive, { quiet: true, ...(signal ? { abortSignal: signal } : {}) })) as NodeJS.ReadableStream;
    } catch (error) {
      throw loadRefused(inEngineWords(error, 'image load').message);
    }
    const loaded: string[] = [];
    let refusal: string | null = null;
    await readJsonLines(response, (message) => {
      const detail = message.errorDetail as { message?: unknown } | undefined;
      if (typeof detail?.message === 'string' || typeof message.error === 'string') {
        refusal = String(detail?.message ?? message.error);
        return;
      }
      const text = typeof message.stream === 'string' ? message.stream : '';
      // "Loaded image: busybox:latest" for a tagged image, "Loaded image ID: sha256:…" for an untagged one.
      const m = /^Loaded image(?: ID)?: (.+)$/m.exec(text.trim());
      if (m) loaded.push(m[1]!.trim());
    });
    if (refusal !== null) throw loadRefused(refusal);
    if (loaded.length === 0) throw loadRefused('the engine loaded nothing from it');
    return { loaded };
  }

  /** Loads an archive from this machine's disk (Electron hands over the picked file's path). */
  async loadFile(path: string): Promise<ImageLoadResult> {
    try {
      const facts = await stat(path);
      if (!facts.isFile()) throw new BerthError('invalid-input', `${path} is not a file; choose a .tar made by \`docker save\``);
    } catch (error) {
      if (error instanceof BerthError) throw error;
      throw new BerthError('not-found', `Cannot read ${path}: ${(error as Error).message}`);
    }
    return this.load(createReadStream(path));
  }

  async inspect(id: string): Promise<ImageDetail> {
    const image = this.docker.getImage(id);
    let raw: Dockerode.ImageInspectInfo;
    let history: Array<{ Created: number; CreatedBy: string; Size: number; Comment: string }>;
    try {
      [raw, history] = await Promise.all([image.inspect(), image.history() as Promise<typeof history>]);
    } catch (error) {
      throw toBerthError(error, `image ${id}`);
    }
    const created = Date.parse(raw.Created);
    return {
      id: raw.Id,
      tags: (raw.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      digests: raw.RepoDigests ?? [],
      sizeBytes: raw.Size,
      createdAt: Number.isFinite(created) && created > 0 ? created : null,
      architecture: raw.Architecture ?? '',
      os: raw.Os ?? '',
      layers: raw.RootFS?.Layers ?? [],
      history: history.map(toHistoryEntry),
      config: {
        cmd: raw.Config?.Cmd ?? [],
        entrypoint: toList(raw.Config?.Entrypoint),
        env: raw.Config?.Env ?? [],
        workingDir: raw.Config?.WorkingDir ?? '',
        user: raw.Config?.User ?? '',
        exposedPorts: Object.keys(raw.Config?.ExposedPorts ?? {}),
      },
    };
  }

  async prune(all: boolean): Promise<ImagePruneResult> {
    try {
      // dangling=false widens the prune from untagged images to every image no container uses.
      const result = await this.docker.pruneImages({ filters: { dangling: { [all ? 'false' : 'true']: true } } });
      const entries = result.ImagesDeleted ?? [];
      return {
        deletedCount: entries.filter((e) => e.Deleted).length,
        untaggedCount: entries.filter((e) => e.Untagged).length,
        spaceReclaimedBytes: result.SpaceReclaimed ?? 0,
      };
    } catch (error) {
      throw inEngineWords(error, 'image prune');
    }
  }
}

function loadRefused(engineSaid: string): BerthError {
  return new BerthError('invalid-input', `The engine could not load the archive: ${engineSaid}. Choose a .tar made by \`docker save\`.`);
}

function toHistoryEntry(step: { Created: number; CreatedBy: string; Size: number; Comment: string }): ImageHistoryEntry {
  return {
    createdAt: step.Created > 0 ? step.Created * 1000 : null,
    createdBy: step.CreatedBy ?? '',
    sizeBytes: step.Size ?? 0,
    comment: step.Comment ?? '',
  };
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined || value === null) return [];
  return typeof value === 'string' ? [value] : value;
}
