/** The desktop app's "Save as" for a file Berth made (the diagnostics bundle): Electron's own dialog, nothing more. */
import os from 'node:os';
import path from 'node:path';
import { dialog, type BrowserWindow } from 'electron';

export function saveDialogFor(getWindow: () => BrowserWindow | null) {
  return async (defaultName: string): Promise<string | null> => {
    const options = {
      title: 'Save diagnostics bundle',
      defaultPath: path.join(os.homedir(), defaultName),
      filters: [{ name: 'Compressed archive', extensions: ['tar.gz', 'tgz'] }],
    };
    const window = getWindow();
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
