/**
 * Moving a volume's bytes. In a browser, downloads are plain links to the
 * web host (its cookie, same origin, is the token) and an import is a POST
 * of the tar. The Electron window has no web host: main saves through its
 * own save dialog (volumes:save-file, volumes:export-file) and reads an
 * import from the picked file's path (volumes:import-file).
 */
import { BerthError, fromWireError, type WireError } from '../../../preload/contract/errors';
import { volumeTransferPaths } from '../../../preload/contract/volumes-browse';
import { api } from '../api/client';

export { volumeTransferPaths };

/** True in the desktop app, where transfers go through main rather than links. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && !!window.berth;
}

export async function importVolumeTar(volume: string, file: File): Promise<void> {
  if (window.berth) {
    const path = window.berth.pathForFile?.(file) ?? '';
    if (path === '') throw new BerthError('invalid-input', `${file.name} is not a file on this computer's disk; save it to a folder first.`);
    await api.call('volumes:import-file', { name: volume, path });
    return;
  }
  let response: Response;
  try {
    response = await fetch(volumeTransferPaths.importTar(volume), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-tar' },
      body: file,
    });
  } catch {
    throw new BerthError('engine-unavailable', 'The upload to Berth failed: the connection dropped. Is `berth web` still running?');
  }
  if (response.ok) return;
  const body = (await response.json().catch(() => null)) as { error?: WireError } | null;
  throw body?.error ? fromWireError(body.error) : new BerthError('internal', `The import was refused (HTTP ${response.status}).`);
}
