/**
 * The desktop app's way to move a volume's bytes: a file or the whole volume
 * saved where the user picks (the host's save dialog, injected), and a tar
 * already on disk imported. The web host streams the same bytes over HTTP
 * instead (main/web/volume-transfer.ts).
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError, type VolumeSaved } from '../../../preload/contract';
import type { EngineService } from '../engine/engine-service';
import { VolumeFiles } from './volume-files';

export interface SaveRequest {
  title: string;
  defaultName: string;
  /** File name extensions the dialog offers, without dots; null for any file. */
  extensions: string[] | null;
}

export interface VolumeSavesDeps {
  engine: Pick<EngineService, 'dockerService'>;
  /** The host's save dialog; hosts without one (web, CLI) leave it out. */
  chooseSavePath?: (request: SaveRequest) => Promise<string | null>;
}

export class VolumeSaves {
  constructor(private readonly deps: VolumeSavesDeps) {}

  async saveFile(name: string, path: string): Promise<VolumeSaved> {
    const fileName = path.split('/').filter(Boolean).pop() ?? path;
    const target = await this.choose({ title: `Save ${fileName} from volume ${name}`, defaultName: fileName, extensions: null });
    if (!target) return { savedTo: null };
    const file = await this.files().openFile(name, path);
    return this.write(file.stream, target);
  }

  async exportFile(name: string): Promise<VolumeSaved> {
    const target = await this.choose({ title: `Export volume ${name}`, defaultName: `${name}.tar`, extensions: ['tar'] });
    if (!target) return { savedTo: null };
    return this.write(await this.files().exportTar(name), target);
  }

  async importFile(name: string, filePath: string): Promise<void> {
    const stat = await fs.stat(filePath).catch(() => null);
    if (!stat?.isFile()) throw new BerthError('not-found', `No file ${filePath}: pick a .tar file on this computer.`);
    await this.files().importTar(name, createReadStream(filePath));
  }

  private files(): VolumeFiles {
    return new VolumeFiles(this.deps.engine.dockerService().client());
  }

  private choose(request: SaveRequest): Promise<string | null> {
    if (!this.deps.chooseSavePath) {
      throw new BerthError('not-supported', 'Only the desktop app has a save dialog: in a browser (`berth web`) the file downloads.');
    }
    return this.deps.chooseSavePath(request);
  }

  private async write(source: Readable, target: string): Promise<VolumeSaved> {
    try {
      await pipeline(source, createWriteStream(target));
    } catch (error) {
      // Half a file is worse than none.
      await fs.rm(target, { force: true });
      throw error instanceof BerthError ? error : new BerthError('internal', `Could not save to ${target}: ${(error as Error).message}`);
    }
    return { savedTo: target };
  }
}
