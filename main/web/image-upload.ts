/**
 * POST /api/images/load: the browser's way to load a `docker save` archive.
 * The request body is streamed straight into the engine's load endpoint
 * (never held whole in memory); the answer is JSON, `{ loaded }` or a wire
 * error. The caller has passed the web host's token check already.
 */
import type http from 'node:http';
import { BerthError, toWireError, type ErrorCode } from '../../preload/contract';
import type { Berth } from '../core/berth';
import { ImageOps } from '../core/docker/image-ops';

export const IMAGE_UPLOAD_PATH = '/api/images/load';

const STATUS: Partial<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  'engine-unavailable': 503,
  unauthorized: 401,
};

export async function handleImageUpload(berth: Pick<Berth, 'engine'>, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const abort = new AbortController();
  // The uploader went away mid-file: stop feeding the engine a truncated archive.
  req.once('aborted', () => abort.abort());
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new BerthError('invalid-input', `${IMAGE_UPLOAD_PATH} takes a POST with a .tar made by \`docker save\` as its body`);
    }
    const docker = berth.engine.dockerService().client();
    const result = await new ImageOps(docker).load(req, abort.signal);
    sendJson(res, 200, result);
  } catch (error) {
    // An unread body would keep the connection from being reused; drain what is left.
    req.resume();
    const wire = toWireError(error);
    sendJson(res, req.method !== 'POST' ? 405 : (STATUS[wire.code] ?? 500), { error: wire });
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
