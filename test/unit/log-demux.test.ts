import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../preload/contract';
import { FrameDemuxer } from '../../main/core/docker/log-demux';
import { LogBatcher } from '../../main/core/docker/log-batcher';
import { createLogDecoder, LineSplitter } from '../../main/core/docker/log-lines';

const STDOUT = 1;
const STDERR = 2;

/** One frame as the engine writes it: type, three zero bytes, uint32 BE length, payload. */
function frame(type: number, payload: string | Uint8Array): Uint8Array {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const out = new Uint8Array(8 + bytes.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(4, bytes.length, false);
  out.set(bytes, 8);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function decodeAll(chunks: Uint8Array[], options = { tty: false, timestamps: false }): LogLine[] {
  const decoder = createLogDecoder(options);
  return [...chunks.flatMap((c) => decoder.push(c)), ...decoder.end()];
}

const out = (text: string, timestamp: string | null = null): LogLine => ({ stream: 'stdout', text, timestamp });
const err = (text: string, timestamp: string | null = null): LogLine => ({ stream: 'stderr', text, timestamp });

describe('multiplexed log stream', () => {
  const stream = concat(
    frame(STDOUT, 'first line\n'),
    frame(STDERR, 'oops: ünïcødé ✓\n'),
    frame(STDOUT, 'second '),
    frame(STDOUT, 'line\nthird\n'),
  );
  const expected = [out('first line'), err('oops: ünïcødé ✓'), out('second line'), out('third')];

  it('decodes a stream that arrives in one chunk', () => {
    expect(decodeAll([stream])).toEqual(expected);
  });

  it('decodes the same lines wherever one cut falls, headers included', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(decodeAll([stream.subarray(0, cut), stream.subarray(cut)]), `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it('decodes the same lines fed one byte at a time', () => {
    const bytes = Array.from(stream, (b) => Uint8Array.of(b));
    expect(decodeAll(bytes)).toEqual(expected);
  });

  it('decodes the same lines when two cuts fall inside the second header', () => {
    const second = frame(STDOUT, 'first line\n').length;
    for (let a = second; a < second + 8; a++) {
      for (let b = a; b <= second + 8; b++) {
        const chunks = [stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)];
        expect(decodeAll(chunks), `cuts at ${a} and ${b}`).toEqual(expected);
      }
    }
  });

  it('emits a line when its newline arrives, so an interleaved stderr line can come first', () => {
    const chunks = [frame(STDOUT, 'progress: '), frame(STDERR, 'warning\n'), frame(STDOUT, 'done\n')];
    expect(decodeAll(chunks)).toEqual([err('warning'), out('progress: done')]);
  });

  it('keeps a partial line per stream, so stdout and stderr never mix', () => {
    const chunks = [frame(STDOUT, 'out-a'), frame(STDERR, 'err-a'), frame(STDOUT, 'out-b\n'), frame(STDERR, 'err-b\n')];
    expect(decodeAll(chunks)).toEqual([out('out-aout-b'), err('err-aerr-b')]);
  });

  it('joins a multibyte character split across frames', () => {
    const bytes = new TextEncoder().encode('globe 🌍 ok\n');
    const inEmoji = bytes.indexOf(0xf0) + 2;
    const chunks = [frame(STDOUT, bytes.subarray(0, inEmoji)), frame(STDOUT, bytes.subarray(inEmoji))];
    expect(decodeAll(chunks)).toEqual([out('globe 🌍 ok')]);
  });

  it('flushes a last line that has no newline when the stream ends', () => {
    expect(decodeAll([frame(STDOUT, 'a\nno newline'), frame(STDERR, 'tail')])).toEqual([
      out('a'),
      out('no newline'),
      err('tail'),
    ]);
  });

  it('strips \\r\\n as well as \\n, even when they arrive apart, and keeps empty lines', () => {
    expect(decodeAll([frame(STDOUT, 'dos\r'), frame(STDOUT, '\n\nunix\n')])).toEqual([out('dos'), out(''), out('unix')]);
  });

  it('keeps ANSI colour codes and other bytes inside a line', () => {
    expect(decodeAll([frame(STDOUT, '\u001b[31mred\u001b[0m\tx\n')])).toEqual([out('\u001b[31mred\u001b[0m\tx')]);
  });

  it('skips empty frames', () => {
    expect(decodeAll([concat(frame(STDOUT, ''), frame(STDERR, 'x\n'), frame(STDOUT, ''))])).toEqual([err('x')]);
  });

  it('reads stdin echo (type 0) as stdout and the daemon error (type 3) as stderr', () => {
    expect(decodeAll([frame(0, 'echo\n'), frame(3, 'daemon says no\n')])).toEqual([out('echo'), err('daemon says no')]);
  });

  it('refuses a stream whose header is not a frame header instead of showing it as text', () => {
    const decoder = createLogDecoder({ tty: false, timestamps: false });
    expect(() => decoder.push(new TextEncoder().encode('plain text, not framed\n'))).toThrow(/not multiplexed/);
  });

  it('splits a frame payload larger than the chunk it arrives in', () => {
    const big = 'x'.repeat(70_000);
    const stream = frame(STDERR, `${big}\n`);
    const chunks = [];
    for (let at = 0; at < stream.length; at += 4096) chunks.push(stream.subarray(at, at + 4096));
    expect(decodeAll(chunks)).toEqual([err(big)]);
  });

  it('cuts a line that never ends into pieces without losing or breaking a character', () => {
    const endless = 'y'.repeat(262_143) + '🌍'.repeat(200_000);
    const lines = decodeAll([frame(STDOUT, endless)]);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.text).join('')).toBe(endless);
    expect(lines.some((l) => l.text.includes('\uFFFD') || /[\uD800-\uDBFF]$/.test(l.text))).toBe(false);
  });
});

describe('timestamps', () => {
  const ts1 = '2024-05-01T12:00:00.123456789Z';
  const ts2 = '2024-05-01T12:00:01.000000001Z';

  it('splits the leading RFC 3339 timestamp from each line of each stream', () => {
    const chunks = [frame(STDOUT, `${ts1} hello world\n`), frame(STDERR, `${ts2}  indented\n`)];
    expect(decodeAll(chunks, { tty: false, timestamps: true })).toEqual([out('hello world', ts1), err(' indented', ts2)]);
  });

  it('splits a timestamp cut across chunks, and one before an empty line', () => {
    const stream = frame(STDOUT, `${ts1} a\n${ts2} \n`);
    for (let cut = 8; cut < stream.length; cut += 3) {
      const lines = decodeAll([stream.subarray(0, cut), stream.subarray(cut)], { tty: false, timestamps: true });
      expect(lines, `cut at ${cut}`).toEqual([out('a', ts1), out('', ts2)]);
    }
  });

  it('accepts an offset instead of Z and leaves a line without a timestamp alone', () => {
    const splitter = new LineSplitter('stdout', true);
    expect(splitter.push(new TextEncoder().encode('2024-05-01T12:00:00+02:00 x\nno stamp here\n'))).toEqual([
      out('x', '2024-05-01T12:00:00+02:00'),
      out('no stamp here'),
    ]);
  });

  it('leaves timestamp-looking text alone when timestamps were not asked for', () => {
    expect(decodeAll([frame(STDOUT, `${ts1} x\n`)])).toEqual([out(`${ts1} x`)]);
  });
});

describe('TTY log stream', () => {
  it('is raw stdout text, so bytes that look like a header stay text', () => {
    const raw = new TextEncoder().encode('\u0001\u0000\u0000\u0000 not a header\r\nsecond\n');
    expect(decodeAll([raw.subarray(0, 3), raw.subarray(3)], { tty: true, timestamps: false })).toEqual([
      out('\u0001\u0000\u0000\u0000 not a header'),
      out('second'),
    ]);
  });

  it('splits timestamps and flushes the last line', () => {
    const raw = new TextEncoder().encode('2024-05-01T12:00:00.5Z $ ls\n2024-05-01T12:00:01.5Z prompt');
    expect(decodeAll([raw], { tty: true, timestamps: true })).toEqual([
      out('$ ls', '2024-05-01T12:00:00.5Z'),
      out('prompt', '2024-05-01T12:00:01.5Z'),
    ]);
  });
});

describe('FrameDemuxer', () => {
  it('hands out payload bytes per stream and knows when it stopped mid-frame', () => {
    const demuxer = new FrameDemuxer();
    const stream = concat(frame(STDOUT, 'ab'), frame(STDERR, 'cd'));
    const frames = demuxer.push(stream.subarray(0, 19));
    expect(frames.map((f) => [f.stream, new TextDecoder().decode(f.bytes)])).toEqual([
      ['stdout', 'ab'],
      ['stderr', 'c'],
    ]);
    expect(demuxer.isTruncated).toBe(true);
    expect(demuxer.push(stream.subarray(19)).map((f) => new TextDecoder().decode(f.bytes))).toEqual(['d']);
    expect(demuxer.isTruncated).toBe(false);
  });
});

describe('LogBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers lines together after the interval', () => {
    vi.useFakeTimers();
    const batches: LogLine[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines), { intervalMs: 50, maxLines: 1000 });
    batcher.add([out('a')]);
    vi.advanceTimersByTime(20);
    batcher.add([out('b'), out('c')]);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(30);
    expect(batches).toEqual([[out('a'), out('b'), out('c')]]);
  });

  it('delivers at once when a batch is full, without waiting for the timer', () => {
    vi.useFakeTimers();
    const batches: LogLine[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines), { intervalMs: 50, maxLines: 2 });
    batcher.add([out('1'), out('2'), out('3')]);
    expect(batches).toEqual([[out('1'), out('2')]]);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[out('1'), out('2')], [out('3')]]);
  });

  it('sends nothing after cancel until flushed', () => {
    vi.useFakeTimers();
    const batches: LogLine[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines));
    batcher.add([out('a')]);
    batcher.cancel();
    vi.advanceTimersByTime(1000);
    expect(batches).toEqual([]);
  });
});
