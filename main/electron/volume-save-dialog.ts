/** The desktop app's "Save as" for a volume's file or tar: Electron's own dialog, nothing more. */
import os from 'node:os';
import path from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import type { SaveRequest } from '../core/docker/volume-saves';

export function volumeSaveDialogFor(getWindow: () => BrowserWindow | null) {
  return async (request: SaveRequest): Promise<string | null> => {
    const options = {
      title: request.title,
      defaultPath: path.join(os.homedir(), request.defaultName),
      filters: request.extensions ? [{ name: 'Tar archive', extensions: request.extensions }] : [],
    };
    const window = getWindow();
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
