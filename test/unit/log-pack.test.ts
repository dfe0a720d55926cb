import { describe, expect, it } from 'vitest';
import { packLogLines, unpackLogLines, type LogLine } from '../../preload/contract';
import { FakeApi } from '../../renderer/src/api/fake-api';
import { LogStream } from '../../renderer/src/logs/log-stream';

const out = (text: string, timestamp: string | null = null): LogLine => ({ stream: 'stdout', text, timestamp });
const err = (text: string, timestamp: string | null = null): LogLine => ({ stream: 'stderr', text, timestamp });

describe('packed log lines', () => {
  it('gives back the same lines, streams and timestamps in order', () => {
    const lines = [
      out('first', '2024-05-01T12:00:00.1Z'),
      err('oops: ünïcødé ✓', '2024-05-01T12:00:00.2Z'),
      out('', '2024-05-01T12:00:00.3Z'),
      out('\u001b[31mred\u001b[0m\tand a\rcarriage return', '2024-05-01T12:00:00.4Z'),
      err('last', '2024-05-01T12:00:00.5Z'),
    ];
    const packed = packLogLines(lines)!;
    expect(packed.stderr).toEqual([1, 4]);
    expect(unpackLogLines(JSON.parse(JSON.stringify(packed)))).toEqual(lines);
  });

  it('sends no timestamps when no line has one, and keeps a line without one among lines with', () => {
    expect(packLogLines([out('a'), err('b')])!.timestamps).toBeNull();
    const mixed = [out('a', '2024-05-01T12:00:00Z'), out('b'), out('c', '2024-05-01T12:00:01Z')];
    expect(unpackLogLines(packLogLines(mixed)!)).toEqual(mixed);
  });

  it('packs an empty batch, and a batch of one empty line, without mixing the two up', () => {
    expect(unpackLogLines(packLogLines([])!)).toEqual([]);
    expect(unpackLogLines(packLogLines([out('')])!)).toEqual([out('')]);
  });

  it('refuses a text with a newline, which would split it in two on the way', () => {
    expect(packLogLines([out('one'), out('two\nthree')])).toBeNull();
  });

  it('costs fewer bytes on the wire than a list of line objects', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => out(`line ${i} the quick brown fox`, '2024-05-01T12:00:00.123456789Z'));
    expect(JSON.stringify(packLogLines(lines)).length).toBeLessThan(JSON.stringify(lines).length * 0.8);
  });

  it('says what is wrong with a batch whose count does not match its texts', () => {
    expect(() => unpackLogLines({ count: 3, texts: 'a\nb', timestamps: null, stderr: [] })).toThrow(/3 lines but holds 2/);
  });
});

describe('a log view reading packed lines', () => {
  it('asks for the packed form and gets every line of its own subscription back, early ones included', async () => {
    const pack = (lines: LogLine[]) => ({ lines: [], packed: packLogLines(lines)! });
    const api = new FakeApi({
      'logs:subscribe': () => {
        // Before the subscribe answer: kept until it is known whose lines these are.
        api.emit('logs:lines-received', { subscriptionId: 's1', ...pack([out('early', '2024-05-01T12:00:00Z')]) });
        return { subscriptionId: 's1', tty: false };
      },
    });
    const got: LogLine[] = [];
    const stream = new LogStream(api, { id: 'web', timestamps: true, onLines: (l) => got.push(...l), onEnd: () => {}, onError: () => {} });
    await stream.start();
    expect(api.calls[0]?.input).toMatchObject({ packed: true });
    api.emit('logs:lines-received', { subscriptionId: 's1', ...pack([out('a'), err('b')]) });
    api.emit('logs:lines-received', { subscriptionId: 'other', ...pack([out('not mine')]) });
    expect(got).toEqual([out('early', '2024-05-01T12:00:00Z'), out('a'), err('b')]);
    stream.stop();
  });
});
