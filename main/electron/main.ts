/**
 * Berth's Electron entry (bundled to dist/electron.cjs). One instance per user:
 * a second launch shows the first one's window and quits. Berth lives in the
 * tray: closing the window hides it, and only Quit (tray, app menu, Cmd+Q, a
 * signal) ends the process, after disposing of everything it opened.
 */
import path from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, nativeTheme, powerMonitor } from 'electron';
import type { SettingsSnapshot } from '../../preload/contract';
import { createBerth, type Berth } from '../core/berth';
import { DisposableStack } from '../core/disposables';
import { startControlServer } from '../core/rpc/control-server';
import { registerIpc } from './ipc';
import { saveDialogFor } from './save-dialog';
import { volumeSaveDialogFor } from './volume-save-dialog';
import { createTray } from './tray';
import { INDEX_URL, createMainWindow, revealWindow } from './window';

const log = console;
/** How long Quit waits for Berth to stop what it runs before exiting anyway. */
const SHUTDOWN_TIMEOUT_MS = 60_000;
/** Passed by the Windows login item, so a start at login stays in the tray. */
const HIDDEN_FLAG = '--hidden';

type Phase = 'running' | 'quitting' | 'done';

if (!app.requestSingleInstanceLock()) {
  // The first instance got 'second-instance' and shows its window.
  app.quit();
} else {
  runApp();
}

function runApp(): void {
  let phase: Phase = 'running';
  let window: BrowserWindow | null = null;
  let berth: Berth | null = null;
  let exitCode = 0;
  /** A second launch asked for the window before there was one. */
  let showRequested = false;
  /** Everything opened, closed in reverse order on quit. */
  const resources = new DisposableStack();
  const assetsDir = path.join(app.getAppPath(), 'assets');

  if (process.platform === 'win32') app.setAppUserModelId('dev.berth.app');

  function getWindow(): BrowserWindow | null {
    return window && !window.isDestroyed() ? window : null;
  }

  function showWindow(): void {
    if (phase !== 'running') return;
    if (!berth) {
      showRequested = true;
      return;
    }
    const existing = getWindow();
    if (existing) {
      revealWindow(existing);
      return;
    }
    window = openWindow(true);
  }

  function openWindow(show: boolean): BrowserWindow {
    const created = createMainWindow({
      show,
      iconPath: path.join(assetsDir, 'icon.png'),
      devTools: !app.isPackaged,
      log,
    });
    // Closing the window hides it: Berth keeps running in the tray.
    created.on('close', (event) => {
      if (phase !== 'running') return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    // Windows: logoff or shutdown. Start quitting while there is still time.
    created.on('session-end', () => app.quit());
    return created;
  }

  // --- settings that belong to the desktop shell --------------------------
  let loginItem: boolean | null = null;
  function applySettings(snapshot: SettingsSnapshot): void {
    const { theme, startAtLogin } = snapshot.settings;
    if (nativeTheme.themeSource !== theme) nativeTheme.themeSource = theme;
    if (loginItem === startAtLogin) return;
    loginItem = startAtLogin;
    // Login items exist on macOS and Windows only, and an unpackaged run would
    // register the bare Electron binary.
    if (!app.isPackaged || (process.platform !== 'darwin' && process.platform !== 'win32')) return;
    try {
      app.setLoginItemSettings({
        openAtLogin: startAtLogin,
        ...(process.platform === 'win32' ? { args: [HIDDEN_FLAG] } : {}),
      });
    } catch (error) {
      log.error('berth: could not change the login item:', error);
    }
  }

  // --- lifecycle ------------------------------------------------------------
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow()); // macOS: the Dock icon was clicked
  app.on('window-all-closed', () => {
    // Stay in the tray. (Without a listener Electron would quit here.)
  });

  const startup = start().catch((error: unknown) => {
    if (phase !== 'running') return; // quitting anyway
    const message = error instanceof Error ? error.message : String(error);
    log.error('berth: could not start:', error);
    exitCode = 1;
    dialog.showErrorBox('Berth could not start', message);
    app.quit();
  });

  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    // Keep the process until Berth has stopped what it runs; then app.exit().
    event.preventDefault();
    if (phase === 'quitting') return;
    phase = 'quitting';
    void shutdown();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // A second signal while quitting means "now".
    process.on(signal, () => (phase === 'running' ? app.quit() : app.exit(130)));
  }

  async function start(): Promise<void> {
    await app.whenReady();
    if (phase !== 'running') return;
    const startHidden =
      process.argv.includes(HIDDEN_FLAG) ||
      (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
    // macOS and Linux (logind): hold a system shutdown until Berth has stopped its VM.
    // (The typings declare no argument, but Electron passes a preventable event.)
    powerMonitor.on('shutdown', (event?: Electron.Event) => {
      event?.preventDefault();
      app.quit();
    });

    const created = await createBerth({
      autoStart: false,
      resourcesDir: app.isPackaged ? process.resourcesPath : null,
      chooseSavePath: saveDialogFor(getWindow),
      chooseVolumeSavePath: volumeSaveDialogFor(getWindow),
    });
    resources.defer(() => created.dispose());
    if (phase !== 'running') return;
    berth = created;

    try {
      applySettings(created.settings.snapshot());
    } catch (error) {
      log.error('berth: could not read settings:', error);
    }
    resources.defer(created.bus.on('settings:snapshot-changed', applySettings));

    // The `berth` CLI drives this same instance through the control socket. If
    // another Berth (`berth web`, or one `berth start` left in the background)
    // holds it, two Berths would drive one engine: say so and quit instead.
    try {
      const control = await startControlServer(created);
      resources.defer(() => control.close());
    } catch (error) {
      dialog.showErrorBox('Berth is already running', (error as Error).message);
      app.quit();
      return;
    }
    if (phase !== 'running') return;
    // A failed start is an `error` state the window and the tray show.
    created.engine.start().catch((error: Error) => log.error('berth: the engine did not start:', error.message));

    const disposeIpc = registerIpc(created, {
      ipcMain,
      getWindow,
      windowIdOf: (contents) => BrowserWindow.fromWebContents(contents)?.id ?? null,
      indexUrl: INDEX_URL,
      log,
    });
    resources.defer(disposeIpc);

    const tray = createTray(created, {
      iconDir: path.join(assetsDir, 'tray'),
      onOpen: showWindow,
      onQuit: () => app.quit(),
      log,
    });
    resources.defer(() => tray.dispose());

    window = openWindow(!startHidden || showRequested);
    resources.defer(() => {
      const current = getWindow();
      window = null;
      current?.destroy();
    });
  }

  async function shutdown(): Promise<void> {
    const timer = setTimeout(() => {
      log.error(`berth: shutting down took over ${SHUTDOWN_TIMEOUT_MS / 1000}s; exiting anyway`);
      phase = 'done';
      app.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    let code = exitCode;
    try {
      await startup; // a quit during startup waits for what is being opened
      await resources.close();
    } catch (error) {
      log.error('berth: shutting down failed:', error);
      code = 1;
    } finally {
      clearTimeout(timer);
    }
    if (phase === 'done') return;
    phase = 'done';
    app.exit(code);
  }
}
