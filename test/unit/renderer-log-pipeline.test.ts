import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../preload/contract/dto';
import { FakeApi } from '../../renderer/src/api/fake-api';
import { parseAnsi } from '../../renderer/src/logs/ansi';
import { collapseCarriageReturns } from '../../renderer/src/logs/carriage-return';
import { LogSession, MERGE_WINDOW_MS, orderByTime, timestampKey, toViewLine } from '../../renderer/src/logs/log-session';
import { findMatches, markMatches, matchRanges, stepMatch } from '../../renderer/src/logs/log-search';
import { projectSources } from '../../renderer/src/logs/project-sources';
import type { ContainerSummary } from '../../preload/contract/dto';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const line = (text: string, timestamp: string | null = null): LogLine => ({ stream: 'stdout', text, timestamp });

describe('carriage returns', () => {
  it('leave a progress line in its final state', () => {
    expect(collapseCarriageReturns('10%\r20%\r100%')).toBe('100%');
    expect(collapseCarriageReturns('Downloading [==>   ]\rDownloading [=====>]')).toBe('Downloading [=====>]');
  });

  it('overwrite only as far as the new text reaches, as a terminal does', () => {
    expect(collapseCarriageReturns('Loading...\rDone')).toBe('Doneing...');
  });

  it('wipe the line when followed by erase-in-line', () => {
    const shown = parseAnsi(collapseCarriageReturns('Loading...\r\x1b[KDone')).map((s) => s.text).join('');
    expect(shown).toBe('Done');
  });

  it('ignore a trailing or doubled carriage return and keep plain lines as they are', () => {
    expect(collapseCarriageReturns('50%\r')).toBe('50%');
    expect(collapseCarriageReturns('a\r\rb')).toBe('b');
    expect(collapseCarriageReturns('plain line')).toBe('plain line');
  });

  it('keep the colours of the final state, with no escape or carriage return left over', () => {
    const view = toViewLine(line('\x1b[33m 1%\x1b[0m\r\x1b[32m100%\x1b[0m'), 0);
    expect(view.plain).toBe('100%');
    expect(parseAnsi(view.text)).toEqual([{ text: '100%', fg: 'var(--ansi-2)' }]);
    expect(view.plain).not.toContain('\r');
    expect(view.plain).not.toContain('\x1b');
  });
});

describe('search', () => {
  it('finds the lines that contain the text, in any case', () => {
    expect(findMatches(['alpha', 'Beta', 'gamma beta', 'delta'], 'BETA')).toEqual([1, 2]);
    expect(findMatches(['alpha'], '')).toEqual([]);
  });

  it('finds every occurrence in a line without overlap', () => {
    expect(matchRanges('aaaa', 'aa')).toEqual([[0, 2], [2, 4]]);
    expect(matchRanges('Error: error', 'ERROR')).toEqual([[0, 5], [7, 12]]);
  });

  it('marks a match that crosses from one colour into the next, keeping both colours', () => {
    const spans = parseAnsi('\x1b[31mfoo\x1b[32mbar\x1b[0m baz');
    expect(markMatches(spans, 'ob')).toEqual([
      { text: 'fo', fg: 'var(--ansi-1)' },
      { text: 'o', fg: 'var(--ansi-1)', mark: true },
      { text: 'b', fg: 'var(--ansi-2)', mark: true },
      { text: 'ar', fg: 'var(--ansi-2)' },
      { text: ' baz' },
    ]);
  });

  it('steps to the next and previous match, wrapping round', () => {
    expect(stepMatch(3, -1, 1)).toBe(0);
    expect(stepMatch(3, -1, -1)).toBe(2);
    expect(stepMatch(3, 2, 1)).toBe(0);
    expect(stepMatch(3, 0, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});

describe('merged logs', () => {
  it('compare Docker timestamps whose fractions were trimmed', () => {
    expect(timestampKey('2024-05-01T12:00:00.1Z') > timestampKey('2024-05-01T12:00:00.123Z')).toBe(false);
    expect(timestampKey('2024-05-01T12:00:01Z') > timestampKey('2024-05-01T12:00:00.999999999Z')).toBe(true);
  });

  it('are put in time order, equal times keeping their arrival order', () => {
    const lines = [
      toViewLine(line('b1', '2024-05-01T12:00:02Z'), 1),
      toViewLine(line('a1', '2024-05-01T12:00:01.5Z'), 0),
      toViewLine(line('a2', '2024-05-01T12:00:02Z'), 0),
    ];
    expect(orderByTime(lines).map((l) => l.text)).toEqual(['a1', 'b1', 'a2']);
  });

  it('take every container of the project, labelled by service, or by name when a service has several', () => {
    const c = (id: string, project: string | null, service: string | null) =>
      ({ id, name: `${project}-${service}-${id}`, project, service }) as ContainerSummary;
    const items = [c('1', 'shop', 'web'), c('2', 'shop', 'db'), c('3', 'shop', 'worker'), c('4', 'shop', 'worker'), c('5', 'other', 'web'), c('6', null, null)];
    expect(projectSources(items, 'shop')).toEqual([
      { id: '2', label: 'db' },
      { id: '3', label: 'shop-worker-3' },
      { id: '4', label: 'shop-worker-4' },
      { id: '1', label: 'web' },
    ]);
  });

  it('show what one service says while another stays silent', async () => {
    const api = new FakeApi({
      'logs:subscribe': ({ id }) => ({ subscriptionId: `sub-${id}`, tty: false }),
      'logs:unsubscribe': () => undefined,
    });
    const session = new LogSession(1);
    const close = session.open(api, [
      { id: 'web', label: 'web' },
      { id: 'db', label: 'db' },
    ]);
    await wait(0);
    api.emit('logs:lines-received', { subscriptionId: 'sub-web', lines: [line('web up', '2024-05-01T12:00:00Z')] });
    await wait(MERGE_WINDOW_MS + 30);
    expect(session.buffer.toArray().map((l) => [l.source, l.text])).toEqual([[0, 'web up']]);
    expect(session.getSnapshot().sources.map((s) => s.label)).toEqual(['web', 'db']);
    close();
  });
});

describe('pausing', () => {
  async function opened(capacity = 100, holdLimit = 1000) {
    const api = new FakeApi({
      'logs:subscribe': () => ({ subscriptionId: 's', tty: false }),
      'logs:unsubscribe': () => undefined,
    });
    const session = new LogSession(1, capacity, holdLimit);
    const close = session.open(api, [{ id: 'c', label: null }]);
    await wait(0);
    const send = (...texts: string[]) => api.emit('logs:lines-received', { subscriptionId: 's', lines: texts.map((t) => line(t)) });
    return { session, close, send };
  }

  it('freezes the view and loses no line: the ones that came meanwhile join in order on resume', async () => {
    const { session, close, send } = await opened();
    send('1', '2');
    session.pause();
    send('3', '4');
    send('5');
    await wait(5);
    expect(session.buffer.toArray().map((l) => l.text)).toEqual(['1', '2']);
    expect(session.getSnapshot().held).toBe(3);
    session.resume();
    send('6');
    expect(session.buffer.toArray().map((l) => l.text)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(session.getSnapshot()).toMatchObject({ paused: false, held: 0 });
    close();
  });

  it('keeps a bounded number of lines aside and counts the ones it had to drop', async () => {
    const { session, close, send } = await opened(100, 10);
    session.pause();
    send(...Array.from({ length: 25 }, (_, i) => String(i)));
    await wait(5);
    expect(session.getSnapshot()).toMatchObject({ held: 10, heldDropped: 15 });
    session.resume();
    expect(session.buffer.toArray().map((l) => l.text)).toEqual(Array.from({ length: 10 }, (_, i) => String(15 + i)));
    close();
  });

  it('keeps the ring bounded however much arrives', async () => {
    const { session, close, send } = await opened(50);
    for (let i = 0; i < 20; i++) send(...Array.from({ length: 100 }, (_, j) => String(i * 100 + j)));
    expect(session.buffer.length).toBe(50);
    expect(session.buffer.storageSize).toBe(50);
    expect(session.buffer.at(0)!.text).toBe('1950');
    close();
  });
});
