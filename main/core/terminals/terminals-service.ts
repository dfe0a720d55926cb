/**
 * Terminal sessions: each one a process (container shell, attach, VM shell,
 * host shell) owned by the client session that opened it, so a closed
 * window, tab or web socket ends it, and Berth's dispose (which closes every
 * session) ends them all. Output goes to that client only, batched.
 */
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type Dockerode from 'dockerode';
import { BerthError, type TerminalKind, type TerminalOpened } from '../../../preload/contract';
import type { EngineService } from '../engine/engine-service';
import type { Session } from '../rpc/session';
import { attachContainer } from './container-attach';
import { openContainerShell } from './container-shell';
import { DataBatcher } from './data-batcher';
import { loadSpawnPty, openHostShell, type SpawnPty } from './host-shell';
import type { TerminalExit, TerminalProcess } from './terminal-process';
import { openVmShell } from './vm-shell';

export interface TerminalOpenParams {
  kind: TerminalKind;
  containerId?: string;
  shell?: string;
  cols: number;
  rows: number;
}

export interface TerminalsDeps {
  engine: Pick<EngineService, 'getStatus' | 'dockerService' | 'guestChannel'>;
  /** The environment a host shell starts from. */
  env: NodeJS.ProcessEnv;
  /** node-pty's spawn; loaded on first use when absent. */
  spawnPty?: SpawnPty;
}

interface Entry {
  client: Session;
  process: TerminalProcess;
}

// Session keys are shared by everything a session owns; the prefix keeps
// terminals:close from closing something that is not a terminal.
const sessionKey = (sessionId: string): string => `terminals:${sessionId}`;

export class TerminalsService {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: TerminalsDeps) {}

  /** How many terminal sessions are open, in every client. */
  get openCount(): number {
    return this.entries.size;
  }

  async open(params: TerminalOpenParams, client: Session): Promise<TerminalOpened> {
    const process = await this.spawn(params);
    if (client.isClosed) {
      // The client went while the process started: nobody will ever close it.
      await process.close();
      throw new BerthError('conflict', 'The client closed before its terminal opened.');
    }
    const sessionId = randomUUID();
    this.entries.set(sessionId, { client, process });
    const decoder = new StringDecoder('utf8');
    const batcher = new DataBatcher((data) => {
      client.emit('terminals:data-received', { sessionId, data });
      // A client that stops reading holds the process's output back, not this process's memory.
      if (client.isCongested) {
        process.pause();
        void client.whenWritable().then(() => process.resume());
      }
    });
    let ended = false;
    const end = (exit: TerminalExit): void => {
      if (ended) return;
      ended = true;
      this.entries.delete(sessionId);
      batcher.write(decoder.end());
      batcher.flush();
      client.emit('terminals:session-ended', { sessionId, exitCode: exit.exitCode, reason: exit.reason });
      // Also cleans up what the process may have left behind (a container shell's background jobs).
      void client.release(sessionKey(sessionId));
    };
    client.own(sessionKey(sessionId), async () => {
      this.entries.delete(sessionId);
      if (!ended) {
        ended = true;
        batcher.flush();
        client.emit('terminals:session-ended', { sessionId, exitCode: null, reason: 'The terminal was closed.' });
      }
      batcher.dispose();
      await process.close();
    });
    // Output starts a turn after the client has the session id, so none arrives before it.
    setImmediate(() => {
      if (ended) return;
      process.start({
        data: (chunk) => batcher.write(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
        exit: end,
      });
    });
    return { sessionId, title: process.title };
  }

  write(sessionId: string, data: string, client: Session): void {
    this.entry(sessionId, client).process.write(data);
  }

  resize(sessionId: string, cols: number, rows: number, client: Session): Promise<void> {
    return this.entry(sessionId, client).process.resize(cols, rows);
  }

  async close(sessionId: string, client: Session): Promise<void> {
    this.entry(sessionId, client);
    await client.release(sessionKey(sessionId));
  }

  private entry(sessionId: string, client: Session): Entry {
    const entry = this.entries.get(sessionId);
    // Another client's terminal is as good as absent: no typing into someone else's shell.
    if (!entry || entry.client !== client) {
      throw new BerthError('not-found', `No open terminal ${sessionId} in this window; it has ended or was never opened here.`);
    }
    return entry;
  }

  private async spawn(params: TerminalOpenParams): Promise<TerminalProcess> {
    const { kind, cols, rows } = params;
    switch (kind) {
      case 'container':
      case 'attach': {
        const docker = this.docker();
        const containerId = params.containerId!;
        return kind === 'container'
          ? openContainerShell(docker, { containerId, shell: params.shell, cols, rows })
          : attachContainer(docker, { containerId, cols, rows });
      }
      case 'vm':
        return openVmShell(this.deps.engine.guestChannel(), { cols, rows });
      case 'host': {
        const status = this.deps.engine.getStatus();
        const dockerHost = status.state === 'running' || status.state === 'paused' ? status.dockerHost : null;
        this.deps.spawnPty ??= await loadSpawnPty();
        return openHostShell(this.deps.spawnPty, { shell: params.shell, cols, rows, dockerHost, env: this.deps.env });
      }
    }
  }

  /** The running engine's client, or the engine's own error saying how to start it. */
  private docker(): Dockerode {
    return this.deps.engine.dockerService().client();
  }
}
