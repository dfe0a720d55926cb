/** Picks the transport: Electron's preload bridge when present, else the web host's WebSocket. */
import type { BerthApi, PreloadBridge } from '../../../preload/contract/client';
import { setConnectionStatus } from './connection';
import { createIpcClient } from './ipc-client';
import { WsClient } from './ws-client';

declare global {
  interface Window {
    berth?: PreloadBridge;
  }
}

export function createTransport(): BerthApi {
  if (window.berth) return createIpcClient(window.berth);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return new WsClient({
    url: `${scheme}://${location.host}/ws`,
    connect: (url) => new WebSocket(url),
    onStatus: setConnectionStatus,
  });
}
