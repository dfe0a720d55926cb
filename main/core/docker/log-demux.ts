/**
 * Docker's multiplexed stream (non-TTY logs and attach): every frame is an
 * 8-byte header — stream type, three zero bytes, payload length as uint32
 * big-endian — then the payload. Chunks from the socket split headers and
 * payloads anywhere, so this parser keeps its place between chunks.
 */
import type { LogStream } from '../../../preload/contract';

export interface LogFrame {
  stream: LogStream;
  bytes: Uint8Array;
}

const HEADER_BYTES = 8;

// 0 is stdin echoed on stdout; 3 is the daemon's own error ("systemerr"),
// shown as stderr so the user sees why the stream stopped.
const STREAM_BY_TYPE: Record<number, LogStream> = { 0: 'stdout', 1: 'stdout', 2: 'stderr', 3: 'stderr' };

export class FrameDemuxer {
  private readonly header = new Uint8Array(HEADER_BYTES);
  private headerFill = 0;
  private stream: LogStream = 'stdout';
  private payloadLeft = 0;

  /** Payload bytes in this chunk, in order; a frame's payload may come in pieces. */
  push(chunk: Uint8Array): LogFrame[] {
    const frames: LogFrame[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.payloadLeft > 0) {
        const take = Math.min(this.payloadLeft, chunk.length - at);
        frames.push({ stream: this.stream, bytes: chunk.subarray(at, at + take) });
        this.payloadLeft -= take;
        at += take;
        continue;
      }
      at = this.readHeader(chunk, at);
    }
    return frames;
  }

  /**
   * Like push, but the payloads of back-to-back frames of one stream come as
   * one piece (copied together). The engine writes a frame per line, so this
   * turns thousands of tiny decodes per chunk into one or two.
   */
  pushRuns(chunk: Uint8Array): LogFrame[] {
    const runs: LogFrame[] = [];
    // Offsets [start, end, start, end, …] in `chunk` of the current run's pieces.
    const pieces: number[] = [];
    let runStream: LogStream = this.stream;
    const closeRun = (): void => {
      if (pieces.length === 0) return;
      runs.push({ stream: runStream, bytes: gather(chunk, pieces) });
      pieces.length = 0;
    };
    let at = 0;
    while (at < chunk.length) {
      if (this.payloadLeft > 0) {
        if (this.stream !== runStream) closeRun();
        runStream = this.stream;
        const take = Math.min(this.payloadLeft, chunk.length - at);
        pieces.push(at, at + take);
        this.payloadLeft -= take;
        at += take;
        continue;
      }
      at = this.readHeader(chunk, at);
    }
    closeRun();
    return runs;
  }

  /** True when the stream stopped in the middle of a frame. */
  get isTruncated(): boolean {
    return this.headerFill > 0 || this.payloadLeft > 0;
  }

  // Byte by byte: a header is 8 bytes, and a subarray or DataView for each would cost more than the copy.
  private readHeader(chunk: Uint8Array, at: number): number {
    const header = this.header;
    while (this.headerFill < HEADER_BYTES && at < chunk.length) header[this.headerFill++] = chunk[at++]!;
    if (this.headerFill === HEADER_BYTES) this.startFrame();
    return at;
  }

  private startFrame(): void {
    const h = this.header;
    const stream = STREAM_BY_TYPE[h[0]!];
    if (stream === undefined || h[1] !== 0 || h[2] !== 0 || h[3] !== 0) {
      const hex = Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
      throw new Error(`the log stream is not multiplexed as expected (frame header ${hex})`);
    }
    this.stream = stream;
    // Unsigned 32-bit big-endian; * rather than << keeps the top bit from making it negative.
    this.payloadLeft = h[4]! * 0x1000000 + ((h[5]! << 16) | (h[6]! << 8) | h[7]!);
    this.headerFill = 0;
  }
}

/** The bytes at the given [start, end, …] offsets of `chunk`, as one array (no copy for a single piece). */
function gather(chunk: Uint8Array, pieces: number[]): Uint8Array {
  if (pieces.length === 2) return chunk.subarray(pieces[0], pieces[1]);
  let total = 0;
  for (let i = 0; i < pieces.length; i += 2) total += pieces[i + 1]! - pieces[i]!;
  const out = new Uint8Array(total);
  let fill = 0;
  for (let i = 0; i < pieces.length; i += 2) {
    out.set(chunk.subarray(pieces[i], pieces[i + 1]), fill);
    fill += pieces[i + 1]! - pieces[i]!;
  }
  return out;
}
