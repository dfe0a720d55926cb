/**
 * GET /api/diagnostics/<fileName>: the browser's way to save a diagnostics
 * bundle that troubleshoot:create-bundle made. Only names Berth gives its
 * bundles are served (the service refuses anything else), as an attachment.
 * The caller has passed the web host's token check already.
 */
import { createReadStream, promises as fs } from 'node:fs';
import type http from 'node:http';
import { toWireError } from '../../preload/contract';
import type { Berth } from '../core/berth';
import { sendText } from './static-files';

export const DIAGNOSTICS_DOWNLOAD_PREFIX = '/api/diagnostics/';

export async function handleDiagnosticsDownload(
  berth: Pick<Berth, 'troubleshoot'>,
  pathname: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
  const fileName = pathname.slice(DIAGNOSTICS_DOWNLOAD_PREFIX.length);
  let file: string;
  let size: number;
  try {
    file = await berth.troubleshoot.bundlePath(fileName);
    size = (await fs.stat(file)).size;
  } catch (error) {
    return sendText(res, 404, toWireError(error).message);
  }
  res.writeHead(200, {
    'Content-Type': 'application/gzip',
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
