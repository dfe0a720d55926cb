/** Newline-delimited JSON over a byte stream (the control socket's framing). */
import type { Socket } from 'node:net';

/** The longest line accepted, in bytes; a peer that sends a longer one is cut off. */
export const MAX_LINE_BYTES = 16 * 2 ** 20;

const NEWLINE = 0x0a;

/** What onJsonLines needs of a socket (a net.Socket, or a stand-in in tests). */
export interface LineSource {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  destroy(error?: Error): unknown;
  readonly destroyed: boolean;
}

/**
 * Calls `handle` with each JSON line. Only the fresh chunk is searched for
 * newlines, and the pieces of an unfinished line are kept apart until it ends,
 * so a long line that arrives in many chunks costs linear time. A line that is
 * not JSON, or longer than MAX_LINE_BYTES, destroys the socket; so does a
 * handler that throws.
 */
export function onJsonLines(socket: LineSource, handle: (message: unknown) => void): void {
  let pieces: Buffer[] = [];
  let pendingBytes = 0;
  const fail = (message: string): void => {
    pieces = [];
    pendingBytes = 0;
    socket.destroy(new Error(message));
  };
  socket.on('data', (chunk) => {
    if (socket.destroyed) return;
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE, start)) {
      let line = data.subarray(start, newline);
      start = newline + 1;
      if (pieces.length > 0) {
        line = Buffer.concat([...pieces, line], pendingBytes + line.length);
        pieces = [];
        pendingBytes = 0;
      }
      if (line.length > MAX_LINE_BYTES) return fail('the peer sent an over-long line');
      // A newline never occurs inside a multi-byte UTF-8 character, so each line decodes whole.
      const text = line.toString('utf8');
      if (text.trim() === '') continue;
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return fail('the peer sent a line that is not JSON');
      }
      try {
        handle(message);
      } catch (error) {
        return fail(`handling a message failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (socket.destroyed) return;
    }
    if (start < data.length) {
      const rest = data.subarray(start);
      pieces.push(rest);
      pendingBytes += rest.length;
      if (pendingBytes > MAX_LINE_BYTES) fail('the peer sent an over-long line');
    }
  });
}

/** Writes one message as a line; false when the socket is gone or its buffer is full (wait for 'drain'). */
export function writeJsonLine(socket: Socket, message: unknown): boolean {
  if (socket.destroyed || !socket.writable) return false;
  return socket.write(`${JSON.stringify(message)}\n`);
}
