/**
 * POST /api/images/load: the browser's way to load a `docker save` archive.
 * The request body is streamed straight into the engine's load endpoint
 * (never held whole in memory); the answer is JSON, `{ loaded }` or a wire
 * error. The caller has passed the web host's token check already.
 */
import type http from 'node:http';
import { BerthError } from '../../preload/contract';
import type { Berth } from '../core/berth';
import { ImageOps } from '../core/docker/image-ops';
import { sendJson, sendJsonError } from './json-response';

export const IMAGE_UPLOAD_PATH = '/api/images/load';

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
    sendJsonError(res, error, req.method !== 'POST');
  }
}
