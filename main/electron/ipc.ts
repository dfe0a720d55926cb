/**
 * The contract over Electron IPC: one `ipcMain.handle` per method, named like
 * the method. A call is answered only for the main frame of Berth's own window
 * showing Berth's own page (see sender-policy.ts); everything else gets an
 * `unauthorized` reply. Each webContents gets one core Session, closed when it
 * goes away or loads a new document, and every broadcast on the bus is sent to
 * Berth's window.
 *
 * Electron is reached only through the objects passed in (type imports only),
 * so this module also loads under plain Node.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { METHOD_NAMES, toWireError, type MethodName, type Reply } from '../../preload/contract';
import type { Berth } from '../core/berth';
import { DisposableStack } from '../core/disposables';
import type { Session } from '../core/rpc/session';
import { checkSender, isAppIndexUrl } from './sender-policy';

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  /** Berth's window, or null while there is none. */
  getWindow(): BrowserWindow | null;
  /** The id of the BrowserWindow hosting `contents` (BrowserWindow.fromWebContents). */
  windowIdOf(contents: WebContents): number | null;
  /** The file:// URL of the renderer's index.html that Berth's window loads. */
  indexUrl: string;
  log?: Pick<Console, 'warn' | 'error'>;
}

export type IpcBerth = Pick<Berth, 'bus' | 'dispatch' | 'openSession'>;

interface SessionEntry {
  session: Session;
  detach(): void;
}

/** Registers every handler and the broadcast; the returned function undoes all of it. */
export function registerIpc(berth: IpcBerth, options: IpcOptions): () => Promise<void> {
  const { ipcMain, indexUrl } = options;
  const log = options.log ?? console;
  const stack = new DisposableStack();
  const sessions = new Map<number, SessionEntry>();
  const warned = new Set<string>();
  let closed = false;

  function verify(event: IpcMainInvokeEvent) {
    const frame = event.senderFrame;
    const contents = event.sender;
    if (!frame || contents.isDestroyed()) return checkSender(null, false, null, null, indexUrl);
    const window = options.getWindow();
    const expectedWindowId = window && !window.isDestroyed() ? window.id : null;
    return checkSender(frame.url, frame.parent === null, options.windowIdOf(contents), expectedWindowId, indexUrl);
  }

  function sessionFor(contents: WebContents): Session {
    const existing = sessions.get(contents.id);
    if (existing && !existing.session.isClosed) return existing.session;

    // No congestion signal: IPC gives none, and the renderer keeps a bounded buffer of its own.
    const session = berth.openSession((event, payload) => {
      // Stream events go only to the page that subscribed, and only while it is Berth's page.
      if (contents.isDestroyed() || !isAppIndexUrl(contents.getURL(), indexUrl)) return;
      contents.send(event, payload);
    });
    const end = () => void closeSession(contents.id, session);
    // A reload or crash drops the page's subscriptions with it.
    contents.on('destroyed', end);
    contents.on('render-process-gone', end);
    contents.on('did-navigate', end);
    sessions.set(contents.id, {
      session,
      detach() {
        contents.removeListener('destroyed', end);
        contents.removeListener('render-process-gone', end);
        contents.removeListener('did-navigate', end);
      },
    });
    return session;
  }

  async function closeSession(id: number, session: Session): Promise<void> {
    const entry = sessions.get(id);
    if (!entry || entry.session !== session) return;
    sessions.delete(id);
    entry.detach();
    try {
      await session.close();
    } catch (error) {
      log.error('berth: closing an IPC session failed:', error);
    }
  }

  async function handle(method: MethodName, event: IpcMainInvokeEvent, input: unknown): Promise<Reply> {
    const verdict = verify(event);
    if (!verdict.ok) {
      const key = `${event.sender.id}:${verdict.reason}`;
      if (!warned.has(key)) {
        warned.add(key);
        log.warn(`berth: refused IPC call ${method}: ${verdict.reason}`);
      }
      return { ok: false, error: { code: 'unauthorized', message: `${method} refused: ${verdict.reason}` } };
    }
    if (closed) {
      return { ok: false, error: { code: 'engine-unavailable', message: 'Berth is shutting down' } };
    }
    try {
      return await berth.dispatch(method, input, sessionFor(event.sender));
    } catch (error) {
      // dispatch answers failures as data; this is for a bug in it.
      return { ok: false, error: toWireError(error) };
    }
  }

  for (const method of METHOD_NAMES) {
    ipcMain.handle(method, (event, input: unknown) => handle(method, event, input));
    stack.defer(() => ipcMain.removeHandler(method));
  }

  stack.defer(
    berth.bus.onAny((event, payload) => {
      const window = options.getWindow();
      if (!window || window.isDestroyed()) return;
      const contents = window.webContents;
      if (contents.isDestroyed() || !isAppIndexUrl(contents.getURL(), indexUrl)) return;
      contents.send(event, payload);
    }),
  );

  // Runs first on close: no new sessions, then every open one is closed.
  stack.defer(async () => {
    closed = true;
    const entries = [...sessions.entries()];
    const failures: unknown[] = [];
    for (const [id, entry] of entries) {
      sessions.delete(id);
      entry.detach();
      try {
        await entry.session.close();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} IPC sessions failed to close`);
  });

  return () => stack.close();
}
