import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../preload/contract';
import { LogBatcher } from '../../main/core/docker/log-batcher';
import { FrameDemuxer } from '../../main/core/docker/log-demux';
import { createLogDecoder } from '../../main/core/docker/log-lines';

/** One frame as the engine writes it: type, three zero bytes, uint32 BE length, payload. */
function frame(type: number, payload: string): Uint8Array {
  const bytes = new TextEncoder().encode(payload);
  const out = new Uint8Array(8 + bytes.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(4, bytes.length, false);
  out.set(bytes, 8);
  return out;
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const out = (t: string): LogLine => ({ stream: 'stdout', text: t, timestamp: null });

describe('FrameDemuxer.pushRuns', () => {
  it('joins the payloads of back-to-back frames of one stream, and starts a new piece when the stream changes', () => {
    const chunk = concat([frame(1, 'a\n'), frame(1, 'b\n'), frame(2, 'oops\n'), frame(1, 'c\n'), frame(1, 'd\n')]);
    const runs = new FrameDemuxer().pushRuns(chunk);
    expect(runs.map((r) => [r.stream, text(r.bytes)])).toEqual([
      ['stdout', 'a\nb\n'],
      ['stderr', 'oops\n'],
      ['stdout', 'c\nd\n'],
    ]);
  });

  it('carries a header cut between chunks, whatever the cut, and reads a length above 2^31 as unsigned', () => {
    const stream = concat([frame(1, 'first\n'), frame(2, 'second\n')]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const demuxer = new FrameDemuxer();
      const runs = [...demuxer.pushRuns(stream.subarray(0, cut)), ...demuxer.pushRuns(stream.subarray(cut))];
      const joined = (s: string) => runs.filter((r) => r.stream === s).map((r) => text(r.bytes)).join('');
      expect([joined('stdout'), joined('stderr')], `cut at ${cut}`).toEqual(['first\n', 'second\n']);
      expect(demuxer.isTruncated).toBe(false);
    }
    const huge = new FrameDemuxer();
    huge.pushRuns(Uint8Array.of(1, 0, 0, 0, 0x80, 0, 0, 1, 0x41));
    expect(huge.isTruncated).toBe(true);
  });
});

describe('timestamps', () => {
  const decode = (line: string) => createLogDecoder({ tty: true, timestamps: true }).push(new TextEncoder().encode(line));

  it('takes the first word as the timestamp only when it is one', () => {
    expect(decode('2024-05-01T12:00:00.123456789Z hello world\n')).toEqual([
      { stream: 'stdout', text: 'hello world', timestamp: '2024-05-01T12:00:00.123456789Z' },
    ]);
    expect(decode('2024-05-01T12:00:00+02:00 x\n')[0]!.timestamp).toBe('2024-05-01T12:00:00+02:00');
    expect(decode('2024-05-01T12:00:00Z\n')).toEqual([{ stream: 'stdout', text: '', timestamp: '2024-05-01T12:00:00Z' }]);
    expect(decode('2024-05-01 12:00:00 not docker\n')).toEqual([{ stream: 'stdout', text: '2024-05-01 12:00:00 not docker', timestamp: null }]);
    expect(decode('2024-05-01T12:00:00Zjunk x\n')[0]!.timestamp).toBeNull();
  });
});

describe('LogBatcher maxChars', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands a batch on once its text reaches maxChars, before maxLines', () => {
    vi.useFakeTimers();
    const batches: string[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines.map((l) => l.text)), { intervalMs: 50, maxLines: 1000, maxChars: 10 });
    batcher.add([out('aaaa'), out('bbbb'), out('cccc'), out('dd')]);
    expect(batches).toEqual([['aaaa', 'bbbb', 'cccc']]);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([['aaaa', 'bbbb', 'cccc'], ['dd']]);
  });

  it('sends a line longer than maxChars on its own rather than holding it back', () => {
    vi.useFakeTimers();
    const batches: string[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines.map((l) => l.text)), { intervalMs: 50, maxLines: 1000, maxChars: 10 });
    batcher.add([out('x'.repeat(25)), out('y')]);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([['x'.repeat(25)], ['y']]);
  });

  it('splits lines kept for a congested receiver by characters too', async () => {
    let congested = true;
    let wake: () => void = () => {};
    const batches: string[][] = [];
    const batcher = new LogBatcher((lines) => batches.push(lines.map((l) => l.text)), { intervalMs: 50, maxLines: 1000, maxChars: 6 }, {
      congested: () => congested,
      whenWritable: () => new Promise<void>((resolve) => (wake = resolve)),
      hold: () => {},
    });
    batcher.add([out('aaa'), out('bbb'), out('ccc'), out('ddd'), out('e')]);
    expect(batches).toEqual([]);
    congested = false;
    wake();
    await new Promise((resolve) => setTimeout(resolve, 0));
    batcher.flush();
    expect(batches).toEqual([['aaa', 'bbb'], ['ccc', 'ddd'], ['e']]);
  });
});
