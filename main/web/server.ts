/**
 * The web host: the same UI and the same contract as the Electron window,
 * in a browser, on 127.0.0.1 at a random port with a random per-run token.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { BerthError } from '../../preload/contract';
import type { Berth } from '../core/berth';
import { openRpcConnection } from '../core/rpc/connection';
import { CONGESTED_BYTES } from '../core/rpc/session';
import { checkRequest, cookieName, type RequestFacts } from './auth';
import { DIAGNOSTICS_DOWNLOAD_PREFIX, handleDiagnosticsDownload } from './diagnostics-download';
import { IMAGE_UPLOAD_PATH, handleImageUpload } from './image-upload';
import { sendText, serveStatic } from './static-files';
import { VOLUME_TRANSFER_PREFIX, handleVolumeTransfer } from './volume-transfer';

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export async function startWebHost(berth: Berth, options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    const url = parseTarget(req.url);
    if (!url) return sendText(res, 400, 'Bad request target');
    const verdict = checkRequest(requestFacts(req, url), token, port);
    if (!verdict.ok) return sendText(res, verdict.status, verdict.reason);
    if (verdict.via === 'query') {
      // Trade the token in the URL for a cookie, and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      return res.end();
    }
    if (url.pathname === IMAGE_UPLOAD_PATH) return void handleImageUpload(berth, req, res);
    if (url.pathname.startsWith(VOLUME_TRANSFER_PREFIX)) return void handleVolumeTransfer(berth, url, req, res);
    if (url.pathname.startsWith(DIAGNOSTICS_DOWNLOAD_PREFIX)) return void handleDiagnosticsDownload(berth, url.pathname, req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    void serveStatic(rendererDir, url.pathname, res);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 2 ** 20 });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = parseTarget(req.url);
    const verdict = url ? checkRequest(requestFacts(req, url), token, port) : ({ ok: false, status: 400 } as const);
    if (url?.pathname !== '/ws' || !verdict.ok) {
      const status = verdict.ok ? 404 : verdict.status;
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(berth, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new BerthError(
              'conflict',
              `Cannot listen on 127.0.0.1:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}. ` +
                'Choose another with --port, or leave --port out for a free one.',
            )
          : error,
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveSocket(berth: Berth, ws: WebSocket): void {
  const rpc = openRpcConnection(
    berth,
    (message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
    // A browser that stops reading holds back its log streams, not our memory.
    { congested: () => ws.bufferedAmount > CONGESTED_BYTES },
  );
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    try {
      rpc.receive(JSON.parse(String(data)));
    } catch {
      ws.close(1007, 'messages must be JSON');
    }
  });
  ws.on('close', () => void rpc.close());
  ws.on('error', () => ws.terminate());
}

/** The request target as a URL, or null when it is not one (never a crash). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function requestFacts(req: http.IncomingMessage, url: URL): RequestFacts {
  return {
    host: req.headers.host,
    origin: req.headers.origin,
    cookie: req.headers.cookie,
    authorization: req.headers.authorization,
    queryToken: url.searchParams.get('token'),
  };
}
