/**
 * Preload of Berth's window. It runs sandboxed, so the build bundles it with
 * the contract into one CJS file (dist/preload.cjs) and only 'electron' is
 * required at run time.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('berth', createBridge(ipcRenderer, webUtils));
