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
      const take = Math.min(HEADER_BYTES - this.headerFill, chunk.length - at);
      this.header.set(chunk.subarray(at, at + take), this.headerFill);
      this.headerFill += take;
      at += take;
      if (this.headerFill === HEADER_BYTES) this.startFrame();
    }
    return frames;
  }

  /** True when the stream stopped in the middle of a frame. */
  get isTruncated(): boolean {
    return this.headerFill > 0 || this.payloadLeft > 0;
  }

  private startFrame(): void {
    const [type, z1, z2, z3] = this.header;
    const stream = STREAM_BY_TYPE[type!];
    if (stream === undefined || z1 !== 0 || z2 !== 0 || z3 !== 0) {
      const hex = Array.from(this.header, (b) => b.toString(16).padStart(2, '0')).join('');
      throw new Error(`the log stream is not multiplexed as expected (frame header ${hex})`);
    }
    this.stream = stream;
    this.payloadLeft = new DataView(this.header.buffer).getUint32(4, false);
    this.headerFill = 0;
  }
}
