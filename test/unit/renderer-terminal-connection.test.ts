import { describe, expect, it } from 'vitest';
import type { TerminalEndedEvent } from '../../preload/contract';
import { BerthError } from '../../preload/contract/errors';
import { FakeApi } from '../../renderer/src/api/fake-api';
import { TerminalConnection } from '../../renderer/src/terminals/terminal-connection';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function recorder() {
  const got = { titles: [] as string[], data: [] as string[], ended: [] as TerminalEndedEvent[], errors: [] as BerthError[] };
  return {
    got,
    callbacks: {
      onOpened: ({ title }: { title: string }) => void got.titles.push(title),
      onData: (data: string) => void got.data.push(data),
      onEnded: (ended: TerminalEndedEvent) => void got.ended.push(ended),
      onError: (error: BerthError) => void got.errors.push(error),
    },
  };
}

function api() {
  return new FakeApi({
    'terminals:input': () => undefined,
    'terminals:resize': () => undefined,
    'terminals:close': () => undefined,
  });
}

describe('renderer TerminalConnection', () => {
  it('opens with its size, keeps output sent before the answer, and keeps only its own', async () => {
    const fake = api();
    fake.handlers['terminals:open'] = () => {
      fake.emit('terminals:data-received', { sessionId: 't1', data: 'prompt$ ' });
      fake.emit('terminals:data-received', { sessionId: 'other', data: 'not mine' });
      return { sessionId: 't1', title: 'sh in web' };
    };
    const { got, callbacks } = recorder();
    const connection = new TerminalConnection(fake, { kind: 'container', containerId: 'web' }, callbacks);
    await connection.start(80, 24);
    expect(fake.calls[0]).toEqual({ method: 'terminals:open', input: { kind: 'container', containerId: 'web', cols: 80, rows: 24 } });
    fake.emit('terminals:data-received', { sessionId: 't1', data: 'ls\r\n' });
    fake.emit('terminals:data-received', { sessionId: 'other', data: 'nope' });
    expect(got.titles).toEqual(['sh in web']);
    expect(got.data).toEqual(['prompt$ ', 'ls\r\n']);
  });

  it('sends input in order and sizes only when they change; nothing after the end', async () => {
    const fake = api();
    fake.handlers['terminals:open'] = () => ({ sessionId: 't2', title: 'bash (host)' });
    const { got, callbacks } = recorder();
    const connection = new TerminalConnection(fake, { kind: 'host' }, callbacks);
    await connection.start(80, 24);
    connection.input('a');
    connection.input('b');
    connection.resize(80, 24);
    connection.resize(100, 30);
    await flush();
    expect(fake.calls.slice(1)).toEqual([
      { method: 'terminals:resize', input: { sessionId: 't2', cols: 100, rows: 30 } },
      { method: 'terminals:input', input: { sessionId: 't2', data: 'a' } },
      { method: 'terminals:input', input: { sessionId: 't2', data: 'b' } },
    ]);
    fake.emit('terminals:session-ended', { sessionId: 't2', exitCode: 0, reason: 'bash exited with code 0.' });
    connection.input('late');
    connection.stop();
    await flush();
    expect(got.ended).toEqual([{ sessionId: 't2', exitCode: 0, reason: 'bash exited with code 0.' }]);
    // Ended on its own: no input after it, and no close for a session already gone.
    expect(fake.count('terminals:input')).toBe(2);
    expect(fake.count('terminals:close')).toBe(0);
  });

  it('closes on stop, also when stop came before the open answer', async () => {
    const fake = api();
    let answer: (value: { sessionId: string; title: string }) => void = () => undefined;
    fake.handlers['terminals:open'] = () => new Promise((resolve) => (answer = resolve));
    const { got, callbacks } = recorder();
    const connection = new TerminalConnection(fake, { kind: 'vm' }, callbacks);
    const starting = connection.start(80, 24);
    connection.stop();
    answer({ sessionId: 't3', title: 'VM shell' });
    await starting;
    await flush();
    expect(fake.calls.at(-1)).toEqual({ method: 'terminals:close', input: { sessionId: 't3' } });
    expect(got.titles).toEqual([]);
    expect(fake.listenerCount('terminals:data-received')).toBe(0);
  });

  it('hands a refused open to onError', async () => {
    const fake = api();
    fake.handlers['terminals:open'] = () => {
      throw new BerthError('not-supported', "A VM shell needs Berth's own VM");
    };
    const { got, callbacks } = recorder();
    await new TerminalConnection(fake, { kind: 'vm' }, callbacks).start(80, 24);
    expect(got.errors.map((e) => e.message)).toEqual(["A VM shell needs Berth's own VM"]);
  });
});
