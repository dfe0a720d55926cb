/**
 * The object preload exposes as `window.berth`, built over an IpcRenderer so
 * it can be unit-tested with a fake one. Only type imports from 'electron':
 * this file must load under plain Node.
 *
 * It never hands out ipcRenderer itself, nor the Electron event object: the
 * page can call contract methods and listen to contract events, nothing else.
 */
import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
// Not './contract': its method schemas would bundle zod into the preload.
import type { PreloadBridge, Unsubscribe } from './contract/client';
import { isErrorCode } from './contract/errors';
import { EVENT_NAMES, type EventName } from './contract/events';
import { METHOD_NAMES, type MethodName } from './contract/names';
import type { Reply } from './contract/wire';

export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

const METHODS: ReadonlySet<string> = new Set(METHOD_NAMES);
const EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES);

/** `files` is Electron's webUtils; without it, pathForFile answers '' (no path known). */
export function createBridge(ipc: BridgeIpc, files?: Pick<WebUtils, 'getPathForFile'>): PreloadBridge {
  return {
    pathForFile(file: unknown): string {
      if (!files || typeof file !== 'object' || file === null) return '';
      try {
        return files.getPathForFile(file as Parameters<WebUtils['getPathForFile']>[0]);
      } catch {
        return ''; // not a File: no path, rather than an exception in the page
      }
    },

    async invoke(method: MethodName, input: unknown): Promise<Reply> {
      if (typeof method !== 'string' || !METHODS.has(method)) {
        return failure('invalid-input', `unknown method ${describe(method)}`);
      }
      try {
        // One IPC channel per method, named like the method.
        return asReply(await ipc.invoke(method, input));
      } catch (error) {
        return failure('internal', `${method}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    on(event: EventName, listener: (payload: unknown) => void): Unsubscribe {
      if (typeof event !== 'string' || !EVENTS.has(event)) {
        throw new TypeError(`berth.on: unknown event ${describe(event)}`);
      }
      if (typeof listener !== 'function') throw new TypeError('berth.on: listener must be a function');
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(event, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(event, forward);
      };
    },
  };
}

function failure(code: 'invalid-input' | 'internal', message: string): Reply {
  return { ok: false, error: { code, message } };
}

/** Main always answers with a Reply; anything else is a bug worth naming. */
function asReply(value: unknown): Reply {
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    const reply = value as { ok: unknown; value?: unknown; error?: unknown };
    if (reply.ok === true) return { ok: true, value: reply.value ?? null };
    const error = reply.error as { code?: unknown; message?: unknown; details?: unknown } | undefined;
    if (reply.ok === false && error && isErrorCode(error.code) && typeof error.message === 'string') {
      return { ok: false, error: error.details === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, details: error.details } };
    }
  }
  return failure('internal', 'main answered with something that is not a reply');
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
