/**
 * Berth's one window: the built renderer read from disk, isolated and
 * sandboxed, with a strict CSP and no way to navigate away. It remembers
 * nothing between runs.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, nativeTheme, shell, type Session } from 'electron';
import { CONTENT_SECURITY_POLICY, externalUrl, withContentSecurityPolicy } from './web-policy';

/** The main bundle is dist/electron.cjs, so __dirname is dist/. */
export const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
export const INDEX_PATH = path.join(__dirname, 'renderer', 'index.html');
/** The URL Berth's page has once loaded; the IPC sender check compares with it. */
export const INDEX_URL = pathToFileURL(INDEX_PATH).href;

export interface WindowOptions {
  /** Show the window once it is ready (false when started hidden at login). */
  show: boolean;
  /** The app icon (used on Linux; macOS and Windows take it from the bundle). */
  iconPath?: string;
  /** Allow DevTools (development builds). */
  devTools: boolean;
  log?: Pick<Console, 'warn' | 'error'>;
}

const hardenedSessions = new WeakSet<Session>();

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const log = options.log ?? console;
  const window = new BrowserWindow({
    width: 1200,
    height: 780,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Berth',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#ffffff',
    autoHideMenuBar: true,
    ...(options.iconPath && process.platform === 'linux' ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  });

  hardenSession(window.webContents.session);
  const contents = window.webContents;

  // Nothing navigates Berth's window: http(s) links open in the user's browser,
  // everything else is dropped.
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openOutside(event.url, log);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, log);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  // A crashed page is reloaded, but not in a loop.
  const crashes: number[] = [];
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && now - crashes[0]! > 60_000) crashes.shift();
    log.error(`berth: the window's renderer is gone (${details.reason}, exit code ${details.exitCode})`);
    if (crashes.length <= 3 && !window.isDestroyed()) {
      void window.loadFile(INDEX_PATH).catch((error: unknown) => log.error('berth: reloading the window failed:', error));
    }
  });

  if (options.show) window.once('ready-to-show', () => window.show());

  void window.loadFile(INDEX_PATH).catch((error: unknown) => {
    log.error(`berth: could not load ${INDEX_PATH}:`, error);
  });
  return window;
}

/** Shows, restores and focuses `window`. */
export function revealWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function openOutside(url: string, log: Pick<Console, 'warn' | 'error'>): void {
  const target = externalUrl(url);
  if (!target) {
    log.warn(`berth: blocked navigation to ${safeDescribe(url)}`);
    return;
  }
  shell.openExternal(target).catch((error: unknown) => log.error(`berth: could not open ${target}:`, error));
}

/**
 * The page's session: the CSP header on every file:// document (the renderer's
 * index.html should carry the same policy in a <meta> tag, which also covers
 * Electron versions that do not run webRequest for file://), and every
 * permission request refused except writing to the clipboard.
 */
function hardenSession(session: Session): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.webRequest.onHeadersReceived({ urls: ['file://*/*'] }, (details, callback) => {
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, CONTENT_SECURITY_POLICY) });
    } else {
      callback({});
    }
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write');
  });
  session.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
}

function safeDescribe(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? 'a local file' : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an unparseable URL';
  }
}
