/**
 * Bytes of one log stream → LogLines. Lines and UTF-8 characters may be cut
 * anywhere between frames and chunks, so both are carried over until whole.
 */
import type { LogLine, LogStream } from '../../../preload/contract';
import { FrameDemuxer } from './log-demux';

// A program that never writes a newline must not grow one string forever.
const MAX_LINE_CHARS = 256 * 1024;

// Docker writes RFC3339Nano then one space before each line when asked for timestamps.
// Tested on the first word alone: no match array to build for every line.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';

  constructor(
    private readonly stream: LogStream,
    private readonly timestamps: boolean,
  ) {}

  /** The whole lines completed by `bytes`, added to `into` (a fresh array when not given). */
  push(bytes: Uint8Array, into: LogLine[] = []): LogLine[] {
    return this.split(this.decoder.decode(bytes, { stream: true }), false, into);
  }

  /** The last line, when the stream ended without a newline. */
  flush(into: LogLine[] = []): LogLine[] {
    return this.split(this.decoder.decode(), true, into);
  }

  // Only the fresh text is searched for newlines, so a long line fed in small
  // pieces costs linear time.
  private split(fresh: string, atEnd: boolean, lines: LogLine[]): LogLine[] {
    let start = 0;
    for (let nl = fresh.indexOf('\n'); nl !== -1; nl = fresh.indexOf('\n', start)) {
      const text = this.partial + fresh.slice(start, nl);
      this.partial = '';
      lines.push(this.toLine(text.endsWith('\r') ? text.slice(0, -1) : text));
      start = nl + 1;
    }
    this.partial += fresh.slice(start);
    while (this.partial.length > MAX_LINE_CHARS) {
      // Never between the two halves of a surrogate pair (an emoji, say).
      const high = this.partial.charCodeAt(MAX_LINE_CHARS - 1);
      const cut = high >= 0xd800 && high <= 0xdbff ? MAX_LINE_CHARS - 1 : MAX_LINE_CHARS;
      lines.push(this.toLine(this.partial.slice(0, cut)));
      this.partial = this.partial.slice(cut);
    }
    if (atEnd && this.partial !== '') {
      lines.push(this.toLine(this.partial));
      this.partial = '';
    }
    return lines;
  }

  private toLine(text: string): LogLine {
    if (this.timestamps) {
      const space = text.indexOf(' ');
      const stamp = space === -1 ? text : text.slice(0, space);
      if (TIMESTAMP.test(stamp)) return { stream: this.stream, text: space === -1 ? '' : text.slice(space + 1), timestamp: stamp };
    }
    return { stream: this.stream, text, timestamp: null };
  }
}

export interface LogDecoder {
  push(chunk: Uint8Array): LogLine[];
  end(): LogLine[];
}

/** A TTY container's output is raw text on stdout; any other is multiplexed. */
export function createLogDecoder(options: { tty: boolean; timestamps: boolean }): LogDecoder {
  const stdout = new LineSplitter('stdout', options.timestamps);
  if (options.tty) {
    return { push: (chunk) => stdout.push(chunk), end: () => stdout.flush() };
  }
  const stderr = new LineSplitter('stderr', options.timestamps);
  const demuxer = new FrameDemuxer();
  return {
    push: (chunk) => {
      const lines: LogLine[] = [];
      for (const run of demuxer.pushRuns(chunk)) (run.stream === 'stdout' ? stdout : stderr).push(run.bytes, lines);
      return lines;
    },
    end: () => stderr.flush(stdout.flush()),
  };
}
