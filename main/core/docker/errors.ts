/**
 * dockerode failures → BerthError, so every transport can show the user
 * docker's own words under one of the contract's error codes.
 */
import { BerthError, type ErrorCode } from '../../../preload/contract';

// Socket-level failures: nothing is listening, or the engine went away mid-call.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EPIPE', 'ECONNRESET', 'EACCES', 'EHOSTUNREACH', 'ENOTFOUND']);

interface DockerodeError {
  statusCode?: unknown;
  json?: unknown;
  code?: unknown;
  address?: unknown;
  message?: unknown;
}

/**
 * `what` names the object or action, e.g. `container web-1`; it is used
 * where docker's answer says nothing readable on its own.
 */
export function toBerthError(err: unknown, what: string): BerthError {
  if (err instanceof BerthError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as DockerodeError;

  if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) {
    const where = typeof e.address === 'string' ? ` at ${e.address}` : '';
    const hint = e.code === 'EACCES' ? 'permission denied on its socket' : 'is it running?';
    return new BerthError('engine-unavailable', `Cannot reach the Docker engine${where} (${e.code}): ${hint}`, {
      cause: e.code,
    });
  }

  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : null;
  const said = dockerMessage(e);
  const code = codeForStatus(statusCode);
  const fallback = code === 'not-found' ? `No such ${what}` : `${what}: the engine refused (HTTP ${statusCode})`;
  const message = code === 'internal' && said ? `${what}: ${said}` : (said ?? fallback);
  return new BerthError(code, message, statusCode === null ? undefined : { statusCode });
}

/** Docker answers 304 when a container is already in the asked-for state. */
export function isNotModified(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as DockerodeError).statusCode === 304;
}

function codeForStatus(statusCode: number | null): ErrorCode {
  switch (statusCode) {
    case 400:
      return 'invalid-input';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    default:
      return 'internal';
  }
}

/**
 * Docker's own sentence: the body's `message` when there is one, else
 * dockerode's text without its "(HTTP code 404) no such container - " prefix.
 */
function dockerMessage(e: DockerodeError): string | null {
  const json = e.json as { message?: unknown } | null | undefined;
  if (json && typeof json.message === 'string' && json.message.trim() !== '') return json.message.trim();
  if (typeof e.message !== 'string') return null;
  const text = e.message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
  return text === '' ? null : text;
}
