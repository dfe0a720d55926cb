/**
 * The closed set of error codes that cross every transport. A client turns a
 * wire error back into a BerthError so callers can branch on `code`.
 */
export const ERROR_CODES = [
  'invalid-input', // the caller sent something the method does not accept
  'not-found', // the container / image / volume / subscription does not exist
  'conflict', // the engine refused because of the object's current state
  'engine-unavailable', // no engine is running or it stopped answering
  'not-supported', // this backend cannot do that (e.g. pause on native)
  'unauthorized', // a transport refused the caller
  'timeout',
  'internal', // a bug or an unexpected failure; the message says what
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class BerthError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'BerthError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function toWireError(error: unknown): WireError {
  if (error instanceof BerthError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}

export function fromWireError(wire: WireError): BerthError {
  const code = isErrorCode(wire.code) ? wire.code : 'internal';
  return new BerthError(code, String(wire.message), wire.details);
}
