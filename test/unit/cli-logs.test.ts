import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { printLogs, type Link, type LogsRequest, type Output } from '../../main/cli/logs';
import { BerthError } from '../../preload/contract/errors';
import type { LogLine } from '../../preload/contract/dto';
import { FakeApi } from '../../renderer/src/api/fake-api';

class FakeOutput extends EventEmitter implements Output {
  text = '';
  full = false;
  write(text: string): boolean {
    this.text += text;
    return !this.full;
  }
  drain() {
    this.full = false;
    this.emit('drain');
  }
}

class FakeLink implements Link {
  log: string[] = [];
  private closeListener: (() => void) | null = null;
  pause() {
    this.log.push('pause');
  }
  resume() {
    this.log.push('resume');
  }
  onClose(listener: () => void) {
    this.closeListener = listener;
    return () => (this.closeListener = null);
  }
  drop() {
    this.closeListener?.();
  }
}

const line = (text: string, stream: LogLine['stream'] = 'stdout', timestamp: string | null = null): LogLine => ({ stream, text, timestamp });
const request = (over: Partial<LogsRequest> = {}): LogsRequest => ({ id: 'web-1', tail: 'all', follow: false, timestamps: false, json: false, ...over });
const tick = () => new Promise((resolve) => setImmediate(resolve));

function setup(subscriptionId = 's1', answer?: (api: FakeApi) => void) {
  const api: FakeApi = new FakeApi({
    'logs:subscribe': () => {
      // What a socket read can hold: the answer, then events that the CLI handles before its await resumes.
      queueMicrotask(() => answer?.(api));
      return { subscriptionId, tty: false };
    },
  });
  const stdout = new FakeOutput();
  const stderr = new FakeOutput();
  const link = new FakeLink();
  let interrupt!: () => void;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  return { api, stdout, stderr, link, interrupt, io: { stdout, stderr, interrupted } };
}

describe('berth logs (printLogs)', () => {
  it('keeps lines and the end that arrive before the subscribe answer is seen, and exits 0', async () => {
    const t = setup('s1', (api) => {
      api.emit('logs:lines-received', { subscriptionId: 's1', lines: [line('one'), line('oops', 'stderr')] });
      api.emit('logs:lines-received', { subscriptionId: 'other', lines: [line('not mine')] });
      api.emit('logs:stream-ended', { subscriptionId: 'other', reason: 'not mine either' });
      api.emit('logs:stream-ended', { subscriptionId: 's1', reason: null });
    });
    const code = await Promise.race([printLogs(t.api, t.link, request(), t.io), tick().then(tick).then(() => 'hung')]);
    expect(code).toBe(0);
    expect(t.stdout.text).toBe('one\n');
    expect(t.stderr.text).toBe('oops\n');
    expect(t.api.calls[0]).toEqual({ method: 'logs:subscribe', input: { id: 'web-1', tail: 'all', follow: false, timestamps: false } });
  });

  it('prints lines as they come, with timestamps, and JSON lines on stdout with --json', async () => {
    const t = setup();
    const done = printLogs(t.api, t.link, request({ follow: true }), t.io);
    await tick();
    t.api.emit('logs:lines-received', { subscriptionId: 's1', lines: [line('a', 'stdout', '2024-01-01T00:00:00Z'), line('b', 'stderr')] });
    t.api.emit('logs:stream-ended', { subscriptionId: 's1', reason: null });
    expect(await done).toBe(0);
    expect(t.stdout.text).toBe('2024-01-01T00:00:00Z a\n');
    expect(t.stderr.text).toBe('b\n');

    const j = setup();
    const jsonDone = printLogs(j.api, j.link, request({ json: true }), j.io);
    await tick();
    j.api.emit('logs:lines-received', { subscriptionId: 's1', lines: [line('b', 'stderr')] });
    j.api.emit('logs:stream-ended', { subscriptionId: 's1', reason: null });
    expect(await jsonDone).toBe(0);
    expect(JSON.parse(j.stdout.text)).toEqual(line('b', 'stderr'));
    expect(j.stderr.text).toBe('');
  });

  it('a followed container that stops ends quietly with 0', async () => {
    const t = setup();
    const done = printLogs(t.api, t.link, request({ follow: true }), t.io);
    await tick();
    t.api.emit('logs:stream-ended', { subscriptionId: 's1', reason: null });
    expect(await done).toBe(0);
    expect(t.stderr.text).toBe('');
  });

  it('says why a failed stream ended and exits 1, also when the end came early', async () => {
    const t = setup();
    const done = printLogs(t.api, t.link, request({ follow: true }), t.io);
    await tick();
    t.api.emit('logs:stream-ended', { subscriptionId: 's1', reason: 'the engine closed the log stream' });
    expect(await done).toBe(1);
    expect(t.stderr.text).toBe('berth: the engine closed the log stream\n');

    const early = setup('s1', (api) => api.emit('logs:stream-ended', { subscriptionId: 's1', reason: 'engine gone' }));
    expect(await printLogs(early.api, early.link, request(), early.io)).toBe(1);
    expect(early.stderr.text).toBe('berth: engine gone\n');
  });

  it('says it lost Berth and exits 1 when the connection drops while following', async () => {
    const t = setup();
    const done = printLogs(t.api, t.link, request({ follow: true }), t.io);
    await tick();
    t.link.drop();
    expect(await done).toBe(1);
    expect(t.stderr.text).toBe('berth: lost the connection to Berth\n');
  });

  it('fails with the subscribe error (a lost connection there is the call failing)', async () => {
    const api = new FakeApi({ 'logs:subscribe': () => Promise.reject(new BerthError('not-found', 'No such container: x')) });
    const t = setup();
    await expect(printLogs(api, t.link, request(), t.io)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('stops following with 0 on Ctrl-C', async () => {
    const t = setup();
    const done = printLogs(t.api, t.link, request({ follow: true }), t.io);
    await tick();
    t.interrupt();
    expect(await done).toBe(0);
  });

  it('pauses reading from Berth while stdout or stderr is full, and resumes when both have drained', async () => {
    const t = setup();
    const done = printLogs(t.api, t.link, request({ follow: true }), t.io);
    await tick();
    t.stdout.full = true;
    t.api.emit('logs:lines-received', { subscriptionId: 's1', lines: [line('1'), line('2'), line('3')] });
    expect(t.link.log).toEqual(['pause']);
    expect(t.stdout.listenerCount('drain')).toBe(1);
    t.stderr.full = true;
    t.api.emit('logs:lines-received', { subscriptionId: 's1', lines: [line('e', 'stderr')] });
    t.stdout.drain();
    expect(t.link.log).toEqual(['pause']);
    t.stderr.drain();
    expect(t.link.log).toEqual(['pause', 'resume']);
    expect(t.stdout.text).toBe('1\n2\n3\n');
    t.api.emit('logs:lines-received', { subscriptionId: 's1', lines: [line('4')] });
    expect(t.link.log).toEqual(['pause', 'resume']);
    t.api.emit('logs:stream-ended', { subscriptionId: 's1', reason: null });
    expect(await done).toBe(0);
  });
});
