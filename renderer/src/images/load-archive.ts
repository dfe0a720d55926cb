/**
 * Loads a `docker save` archive the user picked. In Electron the file stays
 * on disk and main reads it from its path (images:load-file); in a browser
 * it is uploaded to the web host, which streams it into the engine. The
 * upload goes through XMLHttpRequest for its upload progress; the web host's
 * cookie (same origin) is its token.
 */
import type { ImageLoadResult } from '../../../preload/contract/images';
import { BerthError, fromWireError, type WireError } from '../../../preload/contract/errors';
import { api } from '../api/client';

export const IMAGE_UPLOAD_PATH = '/api/images/load';

/** 0..1 of the upload; null while the size is unknown. */
export type UploadProgress = (fraction: number | null) => void;

export async function loadArchive(file: File, onProgress: UploadProgress): Promise<ImageLoadResult> {
  if (window.berth) {
    const path = window.berth.pathForFile?.(file) ?? '';
    if (path === '') throw new BerthError('invalid-input', `${file.name} is not a file on this computer's disk; save it to a folder first.`);
    onProgress(null);
    return api.call('images:load-file', { path });
  }
  return upload(file, onProgress);
}

function upload(file: File, onProgress: UploadProgress): Promise<ImageLoadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', IMAGE_UPLOAD_PATH);
    xhr.setRequestHeader('Content-Type', 'application/x-tar');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => onProgress(e.lengthComputable && e.total > 0 ? e.loaded / e.total : null);
    // Everything sent: the engine is unpacking it now.
    xhr.upload.onload = () => onProgress(null);
    xhr.onerror = () => reject(new BerthError('engine-unavailable', 'The upload to Berth failed: the connection dropped. Is `berth web` still running?'));
    xhr.onload = () => {
      const body = xhr.response as { loaded?: string[]; error?: WireError } | null;
      if (xhr.status === 200 && body && Array.isArray(body.loaded)) resolve({ loaded: body.loaded });
      else reject(body?.error ? fromWireError(body.error) : new BerthError('internal', `The upload was refused (HTTP ${xhr.status}).`));
    };
    xhr.send(file);
  });
}
