/**
 * Who may call the contract over Electron IPC: only the main frame of Berth's
 * own window, while it shows Berth's own index page. Pure, so it is unit-tested
 * without Electron; main/electron/ipc.ts feeds it what Electron reports about
 * the sender.
 */

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/**
 * True when `url` is the app's index page `indexUrl` (a file:// URL), ignoring
 * the query and the fragment (the UI may route with `#/containers`). Paths are
 * compared after percent-decoding, because Chromium and Node's pathToFileURL do
 * not escape the same characters; a Windows drive letter is compared without
 * regard to case.
 */
export function isAppIndexUrl(url: string | null | undefined, indexUrl: string): boolean {
  if (typeof url !== 'string' || url === '') return false;
  const actual = parseFileUrl(url);
  const expected = parseFileUrl(indexUrl);
  if (!actual || !expected) return false;
  return actual.host === expected.host && actual.path === expected.path;
}

/**
 * The sender check for one IPC call.
 * - `url`: the sending frame's URL (null when the frame is gone or navigating);
 * - `isMainFrame`: whether that frame is its page's top frame;
 * - `windowId`: the id of the BrowserWindow that hosts the sender (null if none);
 * - `expectedWindowId`: the id of Berth's own window (null if it does not exist);
 * - `indexUrl`: the file:// URL Berth's window loads.
 */
export function checkSender(
  url: string | null | undefined,
  isMainFrame: boolean,
  windowId: number | null | undefined,
  expectedWindowId: number | null | undefined,
  indexUrl: string,
): SenderVerdict {
  if (expectedWindowId === null || expectedWindowId === undefined) {
    return { ok: false, reason: 'Berth has no window to accept calls from' };
  }
  if (windowId === null || windowId === undefined || windowId !== expectedWindowId) {
    return { ok: false, reason: 'the caller is not Berth’s window' };
  }
  if (!isMainFrame) return { ok: false, reason: 'the caller is a subframe' };
  if (!isAppIndexUrl(url, indexUrl)) {
    return { ok: false, reason: `the caller’s page is not Berth’s (${describeUrl(url)})` };
  }
  return { ok: true };
}

export function isTrustedSender(
  url: string | null | undefined,
  isMainFrame: boolean,
  windowId: number | null | undefined,
  expectedWindowId: number | null | undefined,
  indexUrl: string,
): boolean {
  return checkSender(url, isMainFrame, windowId, expectedWindowId, indexUrl).ok;
}

interface FileLocation {
  host: string;
  path: string;
}

function parseFileUrl(raw: string): FileLocation | null {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'file:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  // An escaped separator would decode into a path other than the one loaded.
  if (/%2f|%5c/i.test(parsed.pathname)) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // a malformed escape is never our page
  }
  // The URL parser resolves dot segments, escaped ones too; anything that
  // still decodes to one is refused.
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return null;
  if (path.includes('\0')) return null;
  path = path.replace(/^\/([a-zA-Z]):/, (_m, drive: string) => `/${drive.toUpperCase()}:`);
  return { host: parsed.hostname.toLowerCase(), path };
}

function describeUrl(url: string | null | undefined): string {
  if (typeof url !== 'string' || url === '') return 'no URL';
  try {
    const parsed = new URL(url);
    // The scheme and host say enough; a file path or query may be private.
    return parsed.protocol === 'file:' ? 'another local file' : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an unparseable URL';
  }
}
