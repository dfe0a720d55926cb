/**
 * The browser's way to move a volume's bytes (see volumeTransferPaths in the
 * contract): GET …/file?path= downloads one file, GET …/export the whole
 * volume as a tar, POST …/import unpacks a tar (the body) into it. Bodies
 * stream through, never held whole. Errors answer as JSON wire errors. The
 * caller has passed the web host's token check already.
 */
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../../preload/contract';
import type { Berth } from '../core/berth';
import { VolumeFiles } from '../core/docker/volume-files';
import { sendJson, sendJsonError } from './json-response';

export const VOLUME_TRANSFER_PREFIX = '/api/volumes/';

const ROUTE = /^\/api\/volumes\/([^/]+)\/(file|export|import)$/;
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

export async function handleVolumeTransfer(berth: Pick<Berth, 'engine'>, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const match = ROUTE.exec(url.pathname);
    if (!match) throw new BerthError('not-found', `No such endpoint ${url.pathname}: use …/file?path=, …/export or …/import`);
    const name = safeDecode(match[1]!);
    if (!VOLUME_NAME.test(name)) throw new BerthError('invalid-input', `${JSON.stringify(name)} is not a volume name`);
    const action = match[2]!;
    const wanted = action === 'import' ? 'POST' : 'GET';
    if (req.method !== wanted) {
      res.setHeader('Allow', wanted);
      throw new BerthError('invalid-input', `${url.pathname} takes a ${wanted}`);
    }
    const files = new VolumeFiles(berth.engine.dockerService().client());
    if (action === 'file') {
      const file = await files.openFile(name, url.searchParams.get('path') ?? '');
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(file.sizeBytes),
        'Content-Disposition': attachment(file.fileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      await pipeline(file.stream, res);
    } else if (action === 'export') {
      const tar = await files.exportTar(name);
      res.writeHead(200, {
        'Content-Type': 'application/x-tar',
        'Content-Disposition': attachment(`${name}.tar`),
        'Cache-Control': 'no-store',
      });
      await pipeline(tar, res);
    } else {
      await files.importTar(name, req);
      sendJson(res, 200, { imported: name });
    }
  } catch (error) {
    // An unread body would keep the connection from being reused; drain what is left.
    req.resume();
    if (res.headersSent) {
      // Mid-download: all that can be said now is that the transfer broke.
      res.destroy();
      return;
    }
    sendJsonError(res, error, Boolean(res.getHeader('Allow')));
  }
}

/** RFC 6266 with an ASCII fallback, so any file name survives. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
