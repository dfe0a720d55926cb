import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../main/core/events';
import { BerthLog } from '../../main/core/troubleshoot/berth-log';
import { logEngineTransitions } from '../../main/core/troubleshoot/engine-transitions';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fixedNow = () => new Date('2026-12-04T12:00:00.000Z');

describe('BerthLog', () => {
  it('keeps only the last `capacity` entries in memory, oldest first', () => {
    const log = new BerthLog({ logsDir: null, capacity: 3, now: fixedNow });
    for (let i = 1; i <= 5; i++) log.log(`message ${i}`);
    expect(log.entries().map((e) => e.message)).toEqual(['message 3', 'message 4', 'message 5']);
    expect(log.entries()[0]).toEqual({ time: '2026-12-04T12:00:00.000Z', level: 'info', message: 'message 3' });
  });

  it('appends each line to berth.log and echoes it', async () => {
    const echoed: string[] = [];
    const log = new BerthLog({ logsDir: path.join(dir, 'logs'), echo: (m) => echoed.push(m), now: fixedNow });
    log.log('engine started');
    log.log('engine lost', 'error');
    expect(echoed).toEqual(['engine started', 'engine lost']);
    expect(await readFile(path.join(dir, 'logs', 'berth.log'), 'utf8')).toBe(
      '2026-12-04T12:00:00.000Z INFO  engine started\n2026-12-04T12:00:00.000Z ERROR engine lost\n',
    );
  });

  it('rotates the file at its size cap, keeping `keep` older files', async () => {
    const log = new BerthLog({ logsDir: dir, maxFileBytes: 200, keep: 2, now: fixedNow });
    for (let i = 0; i < 30; i++) log.log(`line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}`);
    expect((await readdir(dir)).sort()).toEqual(['berth.log', 'berth.log.1', 'berth.log.2']);
    const current = await readFile(path.join(dir, 'berth.log'), 'utf8');
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(200);
    expect(current).toContain('line 29');
    const older = await readFile(path.join(dir, 'berth.log.1'), 'utf8');
    expect(older).not.toContain('line 29');
    // The oldest lines are gone: three files of at most 200 bytes cannot hold 30 lines of 56.
    expect(current + older + (await readFile(path.join(dir, 'berth.log.2'), 'utf8'))).not.toContain('line 00');
  });

  it('keeps working in memory when the file cannot be written, and says so once', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    await writeFile(blocker, ''); // a file where the logs folder should be
    const log = new BerthLog({ logsDir: blocker, now: fixedNow });
    log.log('first');
    log.log('second');
    const messages = log.entries().map((e) => e.message);
    expect(messages[0]).toBe('first');
    expect(messages.filter((m) => m.startsWith('cannot write'))).toHaveLength(1);
    expect(messages).toContain('second');
  });
});

describe('logEngineTransitions', () => {
  it('records each change of state once, with the host or the reason, and not on the console', () => {
    const bus = new EventBus();
    const echoed: string[] = [];
    const log = new BerthLog({ logsDir: null, echo: (m) => echoed.push(m), now: fixedNow });
    logEngineTransitions(bus, log.record);
    const base = { backend: null, dockerHost: null, progress: null, error: null, warnings: [], vm: null };
    bus.emit('engine:state-changed', { ...base, state: 'starting', backend: 'native', progress: { step: 'a', message: 'x', fraction: 0 } });
    bus.emit('engine:state-changed', { ...base, state: 'starting', backend: 'native', progress: { step: 'b', message: 'y', fraction: 0.5 } });
    bus.emit('engine:state-changed', { ...base, state: 'running', backend: 'native', dockerHost: 'unix:///run/docker.sock' });
    bus.emit('engine:state-changed', { ...base, state: 'error', backend: 'native', error: 'Lost the Docker Engine' });
    expect(log.entries().map((e) => `${e.level} ${e.message}`)).toEqual([
      'info engine starting (native)',
      'info engine running (native) at unix:///run/docker.sock',
      'error engine failed (native): Lost the Docker Engine',
    ]);
    expect(echoed).toEqual([]);
  });
});
