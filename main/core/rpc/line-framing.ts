/** Newline-delimited JSON over a byte stream (the control socket's framing). */
import type { Socket } from 'node:net';

const MAX_LINE_BYTES = 16 * 2 ** 20;

export function onJsonLines(socket: Socket, handle: (message: unknown) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() === '') continue;
      try {
        handle(JSON.parse(line));
      } catch {
        socket.destroy(new Error('the peer sent a line that is not JSON'));
        return;
      }
    }
    if (buffered.length > MAX_LINE_BYTES) socket.destroy(new Error('the peer sent an over-long line'));
  });
}

export function writeJsonLine(socket: Socket, message: unknown): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}
