/**
 * Looking inside volumes: who uses each, its files as a tree, one file's
 * bytes, the whole volume as a tar and back, and prune. Files move through
 * the engine's archive endpoint on a never-started helper container.
 */
import { basename } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import {
  BerthError,
  volumePathProblem,
  type VolumePruneResult,
  type VolumeTree,
  type VolumeUser,
} from '../../../preload/contract';
import { toBerthError } from './errors';
import { createVolumeHelper, HELPER_LABEL, HELPER_MOUNT, helperPath, type VolumeHelper } from './volume-helper';
import { looksLikeTar, TarReader, type TarEntry } from './tar-reader';
import { buildVolumeTree, relativeEntryPath } from './volume-tree';

/** A listing carries at most this many entries; a bigger volume's tree says it is truncated. */
export const MAX_LISTED_ENTRIES = 10_000;
/**
 * The archive carries every file's bytes, not only the names: a listing reads
 * through at most this much (and for at most LIST_BUDGET_MS) before it stops.
 */
export const MAX_LISTED_BYTES = 512 * 2 ** 20;
export const LIST_BUDGET_MS = 15_000;

export interface ListLimits {
  entries: number;
  bytes: number;
  ms: number;
}
const DEFAULT_LIMITS: ListLimits = { entries: MAX_LISTED_ENTRIES, bytes: MAX_LISTED_BYTES, ms: LIST_BUDGET_MS };

export interface VolumeFile {
  fileName: string;
  sizeBytes: number;
  /** The file's bytes; the helper container goes when it closes. */
  stream: Readable;
}

export class VolumeFiles {
  constructor(private readonly docker: Dockerode) {}

  async users(name: string): Promise<VolumeUser[]> {
    try {
      const containers = await this.docker.listContainers({ all: true, filters: { volume: [name] } });
      return containers
        .filter((c) => !c.Labels?.[HELPER_LABEL])
        .flatMap((c) =>
          (c.Mounts ?? [])
            .filter((m) => m.Type === 'volume' && m.Name === name)
            .map((m) => ({
              containerId: c.Id,
              containerName: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
              state: c.State,
              destination: m.Destination,
              readOnly: !m.RW,
            })),
        )
        .sort((a, b) => a.containerName.localeCompare(b.containerName, 'en'));
    } catch (error) {
      throw toBerthError(error, `volume ${name}`);
    }
  }

  /** `label` narrows the prune to volumes carrying it (the tests use it to leave an engine's other volumes alone). */
  async prune(all: boolean, label?: string): Promise<VolumePruneResult> {
    try {
      // From API 1.42 the engine prunes only anonymous volumes unless told `all`; older ones prune every unused volume.
      const { ApiVersion } = await this.docker.version();
      const filters: Record<string, string[]> = all && apiAtLeast(ApiVersion, 1, 42) ? { all: ['true'] } : {};
      if (label) filters.label = [label];
      const result = await this.docker.pruneVolumes({ filters } as Dockerode.VolumePruneOptions);
      return { deleted: result.VolumesDeleted ?? [], spaceReclaimedBytes: result.SpaceReclaimed ?? 0 };
    } catch (error) {
      throw toBerthError(error, 'volume prune');
    }
  }

  async browse(name: string, path: string, limits: ListLimits = DEFAULT_LIMITS): Promise<VolumeTree> {
    checkPath(path);
    const helper = await createVolumeHelper(this.docker, name, true);
    try {
      const source = await this.archive(helper, name, path, true);
      const entries: TarEntry[] = [];
      let truncatedReason: string | null = null;
      let bytes = 0;
      const started = Date.now();
      await new Promise<void>((resolve, reject) => {
        const stop = (reason: string): void => {
          truncatedReason ??= reason;
          source.destroy();
          resolve();
        };
        const reader = new TarReader({
          entry: (entry) => {
            if (entries.length >= limits.entries) stop(`The volume holds more than ${limits.entries} entries.`);
            else entries.push(entry);
          },
        });
        source.on('data', (chunk: Buffer) => {
          if (truncatedReason) return;
          bytes += chunk.length;
          if (bytes > limits.bytes || Date.now() - started > limits.ms) {
            return stop('Listing reads through the files themselves, and this volume holds more data than one listing reads.');
          }
          try {
            reader.push(chunk);
          } catch (error) {
            source.destroy();
            reject(toBerthError(error, `volume ${name}`));
          }
        });
        source.on('end', () => resolve());
        source.on('error', (error) => reject(toBerthError(error, `volume ${name}`)));
      });
      const root = buildVolumeTree(entries, path);
      const entryCount = entries.filter((e) => relativeEntryPath(e.name) !== '').length;
      return { volume: name, root, entryCount, truncated: truncatedReason !== null, truncatedReason, helperImage: helper.image };
    } finally {
      await helper.remove();
    }
  }

  /** One regular file's bytes, streamed. */
  async openFile(name: string, path: string): Promise<VolumeFile> {
    checkPath(path);
    if (path.split('/').every((s) => s === '' || s === '.')) throw new BerthError('invalid-input', 'Give the path of a file inside the volume.');
    const helper = await createVolumeHelper(this.docker, name, true);
    let source: Readable;
    try {
      source = await this.archive(helper, name, path, false);
    } catch (error) {
      await helper.remove();
      throw error;
    }
    const out = new PassThrough();
    const done = (): void => {
      source.destroy();
      void helper.remove();
    };
    out.once('close', done);
    return new Promise<VolumeFile>((resolve, reject) => {
      let file: TarEntry | null = null;
      const fail = (error: unknown): void => {
        const failure = toBerthError(error, `file ${path} in volume ${name}`);
        if (file) out.destroy(failure);
        else {
          done();
          reject(failure);
        }
      };
      const reader = new TarReader({
        entry: (entry) => {
          if (file) return;
          if (entry.type !== 'file') {
            const what = entry.type === 'symlink' ? `a link to ${entry.linkName}: download its target` : `a ${entry.type}: only files can be downloaded`;
            return fail(new BerthError('invalid-input', `${path} is ${what}.`));
          }
          file = entry;
          resolve({ fileName: basename(path), sizeBytes: entry.size, stream: out });
        },
        data: (chunk, entry) => {
          if (entry !== file) return;
          // The reader pushes a whole engine chunk at once; hold the engine back until the client catches up.
          if (!out.write(chunk)) {
            source.pause();
            out.once('drain', () => source.resume());
          }
        },
      });
      source.on('data', (chunk: Buffer) => {
        try {
          reader.push(chunk);
        } catch (error) {
          fail(error);
        }
      });
      source.on('end', () => {
        if (file) out.end();
        else fail(new BerthError('not-found', `No file ${path} in volume ${name}`));
      });
      source.on('error', fail);
    });
  }

  /** The whole volume as a tar, names relative to its root (`./a`), as `tar -C dir .` writes. */
  async exportTar(name: string): Promise<Readable> {
    const helper = await createVolumeHelper(this.docker, name, true);
    try {
      const source = await this.archive(helper, name, '', true);
      source.once('close', () => void helper.remove());
      source.once('end', () => void helper.remove());
      return source;
    } catch (error) {
      await helper.remove();
      throw error;
    }
  }

  /** Unpacks a tar (or gzip-compressed tar) into the volume's root; existing files of the same name are replaced. */
  async importTar(name: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    const iterator = body[Symbol.asyncIterator]();
    const head = await readHead(iterator, 512);
    if (looksLikeTar(head) === null) {
      throw new BerthError('invalid-input', 'That file is not a tar archive (nor a gzip-compressed one). Export a volume from Berth, or make one with `tar -cf volume.tar -C folder .`.');
    }
    const helper = await createVolumeHelper(this.docker, name, false);
    try {
      const rest = Readable.from(
        (async function* () {
          yield head;
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
        })(),
      );
      await helper.container.putArchive(rest, { path: HELPER_MOUNT });
    } catch (error) {
      throw toBerthError(error, `import into volume ${name}`);
    } finally {
      await helper.remove();
    }
  }

  private async archive(helper: VolumeHelper, name: string, path: string, contentsOnly: boolean): Promise<Readable> {
    try {
      return (await helper.container.getArchive({ path: helperPath(path, contentsOnly) })) as Readable;
    } catch (error) {
      const failure = toBerthError(error, `path ${path || '/'} in volume ${name}`);
      if (failure.code === 'not-found') throw new BerthError('not-found', `No ${path || '/'} in volume ${name}`);
      throw failure;
    }
  }
}

function checkPath(path: string): void {
  const problem = volumePathProblem(path);
  if (problem) throw new BerthError('invalid-input', problem);
}

export function apiAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [a, b] = (version ?? '0.0').split('.').map(Number);
  return (a ?? 0) > major || ((a ?? 0) === major && (b ?? 0) >= minor);
}

async function readHead(iterator: AsyncIterator<Uint8Array>, size: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(parts);
}
