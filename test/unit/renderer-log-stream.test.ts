import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../preload/contract/dto';
import { BerthError } from '../../preload/contract/errors';
import { FakeApi } from '../../renderer/src/api/fake-api';
import { LOG_CAPACITY, LogSession } from '../../renderer/src/logs/log-session';
import { LogStream } from '../../renderer/src/logs/log-stream';

const flush = () => new Promise((r) => setTimeout(r, 0));
const line = (text: string, stream: LogLine['stream'] = 'stdout'): LogLine => ({ stream, text, timestamp: null });

function sink() {
  const got = { lines: [] as string[], ended: [] as (string | null)[], errors: [] as BerthError[] };
  return {
    got,
    options: {
      onLines: (l: LogLine[]) => got.lines.push(...l.map((x) => x.text)),
      onEnd: (r: string | null) => got.ended.push(r),
      onError: (e: BerthError) => got.errors.push(e),
    },
  };
}

describe('renderer LogStream', () => {
  it('subscribes with tail 500 and follow, keeps only its own lines, and unsubscribes on stop', async () => {
    const api = new FakeApi({
      'logs:subscribe': () => ({ subscriptionId: 's1', tty: false }),
      'logs:unsubscribe': () => undefined,
    });
    const { got, options } = sink();
    const stream = new LogStream(api, { id: 'web-1', timestamps: true, ...options });
    await stream.start();
    expect(api.calls[0]).toEqual({ method: 'logs:subscribe', input: { id: 'web-1', tail: 500, follow: true, timestamps: true, packed: true } });
    api.emit('logs:lines-received', { subscriptionId: 's1', lines: [line('a'), line('b', 'stderr')] });
    api.emit('logs:lines-received', { subscriptionId: 'other', lines: [line('x')] });
    api.emit('logs:stream-ended', { subscriptionId: 'other', reason: 'nope' });
    api.emit('logs:stream-ended', { subscriptionId: 's1', reason: 'container stopped' });
    expect(got.lines).toEqual(['a', 'b']);
    expect(got.ended).toEqual(['container stopped']);

    stream.stop();
    expect(api.calls.at(-1)).toEqual({ method: 'logs:unsubscribe', input: { subscriptionId: 's1' } });
    api.emit('logs:lines-received', { subscriptionId: 's1', lines: [line('late')] });
    expect(got.lines).toEqual(['a', 'b']);
    expect(api.listenerCount('logs:lines-received')).toBe(0);
  });

  it('keeps lines that arrive before the subscribe answer', async () => {
    const api = new FakeApi({ 'logs:unsubscribe': () => undefined });
    api.handlers['logs:subscribe'] = () => {
      api.emit('logs:lines-received', { subscriptionId: 's2', lines: [line('early')] });
      api.emit('logs:lines-received', { subscriptionId: 'someone-else', lines: [line('not mine')] });
      return { subscriptionId: 's2', tty: true };
    };
    const { got, options } = sink();
    const stream = new LogStream(api, { id: 'web-1', timestamps: false, ...options });
    await stream.start();
    api.emit('logs:lines-received', { subscriptionId: 's2', lines: [line('later')] });
    expect(got.lines).toEqual(['early', 'later']);
    stream.stop();
  });

  it('unsubscribes when stopped before the answer came', async () => {
    let answer: (v: { subscriptionId: string; tty: boolean }) => void = () => {};
    const api = new FakeApi({
      'logs:subscribe': () => new Promise((resolve) => (answer = resolve)),
      'logs:unsubscribe': () => undefined,
    });
    const { got, options } = sink();
    const stream = new LogStream(api, { id: 'web-1', timestamps: false, ...options });
    const started = stream.start();
    stream.stop();
    answer({ subscriptionId: 's3', tty: false });
    await started;
    await flush();
    expect(api.calls.at(-1)).toEqual({ method: 'logs:unsubscribe', input: { subscriptionId: 's3' } });
    expect(got.errors).toEqual([]);
  });

  it('reports a failed subscribe as a typed error', async () => {
    const api = new FakeApi({
      'logs:subscribe': () => {
        throw new BerthError('not-found', 'No such container: ghost');
      },
    });
    const { got, options } = sink();
    await new LogStream(api, { id: 'ghost', timestamps: false, ...options }).start();
    expect(got.errors.map((e) => e.code)).toEqual(['not-found']);
  });
});

describe('renderer LogSession', () => {
  it('buffers at most LOG_CAPACITY lines and announces bursts once per frame', async () => {
    const api = new FakeApi({
      'logs:subscribe': () => ({ subscriptionId: 'n', tty: false }),
      'logs:unsubscribe': () => undefined,
    });
    const session = new LogSession(1);
    let notified = 0;
    session.subscribe(() => notified++);
    const close = session.open(api, [{ id: 'noisy', label: null }]);
    await flush();
    const before = notified;
    for (let batch = 0; batch < 30; batch++) {
      api.emit('logs:lines-received', {
        subscriptionId: 'n',
        lines: Array.from({ length: 1000 }, (_, i) => line(`${batch * 1000 + i}`)),
      });
    }
    expect(notified).toBe(before);
    await new Promise((r) => setTimeout(r, 10));
    expect(notified).toBe(before + 1);
    expect(session.buffer.length).toBe(LOG_CAPACITY);
    expect(session.buffer.at(0)!.text).toBe(String(30_000 - LOG_CAPACITY));
    expect(session.getSnapshot().sources[0]!.subscribed).toBe(true);
    close();
  });

  it('starts empty again when reopened for another run', async () => {
    const api = new FakeApi({
      'logs:subscribe': ({ id }) => ({ subscriptionId: id === 'web' ? 'p' : 't', tty: false }),
      'logs:unsubscribe': () => undefined,
    });
    const session = new LogSession(1);
    let close = session.open(api, [{ id: 'web', label: null }]);
    await flush();
    api.emit('logs:lines-received', { subscriptionId: 'p', lines: [line('plain')] });
    close();
    close = session.open(api, [{ id: 'web-2', label: null }]);
    await flush();
    expect(session.buffer.length).toBe(0);
    expect(api.calls.filter((c) => c.method === 'logs:unsubscribe')).toEqual([
      { method: 'logs:unsubscribe', input: { subscriptionId: 'p' } },
    ]);
    close();
  });
});
