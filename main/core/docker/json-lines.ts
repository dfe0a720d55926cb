/**
 * The engine's progress answers (pull, load, build) are JSON objects, one per
 * line. Reads them as they come; a line that is not JSON is passed on as
 * `{ stream: line }` rather than dropped, so nothing the engine said is lost.
 */
import type { Readable } from 'node:stream';

/** Resolves when the stream ends or is closed (a cancelled request); rejects on a stream error. */
export function readJsonLines(stream: Readable | NodeJS.ReadableStream, onMessage: (message: Record<string, unknown>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      if (pending.trim() !== '') deliver(pending);
      pending = '';
      if (error) reject(error);
      else resolve();
    };
    const deliver = (line: string): void => {
      const text = line.trim();
      if (text === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { stream: text };
      }
      onMessage(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { stream: text });
    };
    stream.on('data', (chunk: Buffer | string) => {
      pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        deliver(line);
      }
    });
    stream.on('end', () => settle());
    stream.on('close', () => settle());
    stream.on('error', (error: Error) => settle(error));
  });
}
