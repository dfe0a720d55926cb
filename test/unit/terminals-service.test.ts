/**
 * TerminalsService with a fake pty: sessions belong to the client that opened
 * them, end with it, and report a process that exits on its own.
 */
import { EventEmitter } from 'node:events';
import type { IPty, IPtyForkOptions } from 'node-pty';
import { describe, expect, it } from 'vitest';
import type { EngineStatus, StreamEvents } from '../../preload/contract';
import { BerthError } from '../../preload/contract';
import { Session } from '../../main/core/rpc/session';
import { TerminalsService } from '../../main/core/terminals/terminals-service';

class FakePty {
  readonly events = new EventEmitter();
  readonly written: string[] = [];
  readonly signals: string[] = [];
  size: [number, number];
  constructor(
    readonly file: string,
    readonly options: IPtyForkOptions,
  ) {
    this.size = [options.cols!, options.rows!];
  }
  onData = (listener: (data: string) => void) => this.events.on('data', listener);
  onExit = (listener: (exit: { exitCode: number; signal?: number }) => void) => this.events.on('exit', listener);
  write = (data: string) => void this.written.push(data);
  resize = (cols: number, rows: number) => void (this.size = [cols, rows]);
  pause = () => undefined;
  resume = () => undefined;
  kill = (signal: string) => {
    this.signals.push(signal);
    this.events.emit('exit', { exitCode: 0, signal: 1 });
  };
}

type Recorded = { [E in keyof StreamEvents]: { event: E; payload: StreamEvents[E] } }[keyof StreamEvents];

function client(): { session: Session; events: Recorded[] } {
  const events: Recorded[] = [];
  return { session: new Session(`c-${Math.random()}`, (event, payload) => events.push({ event, payload } as Recorded)), events };
}

function service(state: EngineStatus['state'] = 'running') {
  const ptys: FakePty[] = [];
  const status = { state, dockerHost: state === 'running' ? 'unix:///run/berth/docker.sock' : null } as EngineStatus;
  const terminals = new TerminalsService({
    engine: {
      getStatus: () => status,
      dockerService: () => {
        throw new BerthError('engine-unavailable', 'stopped');
      },
      guestChannel: () => {
        throw new BerthError('not-supported', "A VM shell needs Berth's own VM");
      },
    },
    env: { SHELL: '/bin/fakesh', HOME: '/home/me', DOCKER_HOST: 'unix:///elsewhere.sock' },
    spawnPty: (file, _args, options) => {
      const pty = new FakePty(file, options);
      ptys.push(pty);
      return pty as unknown as IPty;
    },
  });
  return { terminals, ptys };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TerminalsService', () => {
  it("starts the user's shell with the engine's DOCKER_HOST, and carries input, output and size", async () => {
    const { terminals, ptys } = service();
    const { session, events } = client();
    const opened = await terminals.open({ kind: 'host', cols: 90, rows: 30 }, session);
    expect(opened.title).toBe('fakesh (host)');
    const pty = ptys[0]!;
    expect(pty.file).toBe('/bin/fakesh');
    expect(pty.options.env).toMatchObject({ DOCKER_HOST: 'unix:///run/berth/docker.sock', TERM: 'xterm-256color' });
    expect(pty.size).toEqual([90, 30]);

    pty.events.emit('data', 'hello ');
    await tick();
    pty.events.emit('data', 'world');
    terminals.write(opened.sessionId, 'ls\r', session);
    await terminals.resize(opened.sessionId, 120, 40, session);
    await later(40);
    expect(pty.written).toEqual(['ls\r']);
    expect(pty.size).toEqual([120, 40]);
    // Output that came before the client had the id is kept, and batched with what followed.
    expect(events).toEqual([{ event: 'terminals:data-received', payload: { sessionId: opened.sessionId, data: 'hello world' } }]);
  });

  it('keeps Berth\'s own environment when no engine runs', async () => {
    const { terminals, ptys } = service('stopped');
    await terminals.open({ kind: 'host', cols: 80, rows: 24 }, client().session);
    expect(ptys[0]!.options.env).toMatchObject({ DOCKER_HOST: 'unix:///elsewhere.sock' });
  });

  it('reports a process that exits, after its last output, and forgets it', async () => {
    const { terminals, ptys } = service();
    const { session, events } = client();
    const { sessionId } = await terminals.open({ kind: 'host', cols: 80, rows: 24 }, session);
    await tick();
    ptys[0]!.events.emit('data', 'bye\r\n');
    ptys[0]!.events.emit('exit', { exitCode: 3 });
    await tick();
    expect(events.map((e) => e.event)).toEqual(['terminals:data-received', 'terminals:session-ended']);
    expect(events[1]!.payload).toEqual({ sessionId, exitCode: 3, reason: 'fakesh exited with code 3.' });
    expect(terminals.openCount).toBe(0);
    expect(() => terminals.write(sessionId, 'x', session)).toThrow(/No open terminal/);
  });

  it('ends every terminal of a client that goes, and only those', async () => {
    const { terminals, ptys } = service();
    const a = client();
    const b = client();
    await terminals.open({ kind: 'host', cols: 80, rows: 24 }, a.session);
    const kept = await terminals.open({ kind: 'host', cols: 80, rows: 24 }, b.session);
    await a.session.close();
    expect(ptys[0]!.signals).toEqual(['SIGHUP']);
    expect(ptys[1]!.signals).toEqual([]);
    expect(terminals.openCount).toBe(1);
    // A client cannot reach another's terminal.
    expect(() => terminals.write(kept.sessionId, 'x', a.session)).toThrow(/No open terminal/);
    await expect(terminals.close(kept.sessionId, client().session)).rejects.toThrow(/No open terminal/);
  });

  it('closes on request, telling the client the session ended', async () => {
    const { terminals, ptys } = service();
    const { session, events } = client();
    const { sessionId } = await terminals.open({ kind: 'host', cols: 80, rows: 24 }, session);
    await terminals.close(sessionId, session);
    expect(ptys[0]!.signals).toEqual(['SIGHUP']);
    expect(events).toEqual([
      { event: 'terminals:session-ended', payload: { sessionId, exitCode: null, reason: 'The terminal was closed.' } },
    ]);
  });

  it("passes on the engine's refusal for a container or VM terminal", async () => {
    const { terminals } = service('stopped');
    await expect(terminals.open({ kind: 'container', containerId: 'web', cols: 80, rows: 24 }, client().session)).rejects.toThrow(
      /stopped/,
    );
    await expect(terminals.open({ kind: 'vm', cols: 80, rows: 24 }, client().session)).rejects.toThrow(/Berth's own VM/);
  });
});
