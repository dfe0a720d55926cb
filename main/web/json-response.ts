/** JSON answers of the web host's plain-HTTP endpoints (uploads and downloads), errors included. */
import type http from 'node:http';
import { toWireError, type ErrorCode } from '../../preload/contract';

const STATUS: Partial<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  'engine-unavailable': 503,
  unauthorized: 401,
};

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Answers with the error as a wire error, its status from its code; 405 when the request used a method the endpoint does not take. */
export function sendJsonError(res: http.ServerResponse, error: unknown, wrongMethod: boolean): void {
  const wire = toWireError(error);
  sendJson(res, wrongMethod ? 405 : (STATUS[wire.code] ?? 500), { error: wire });
}
