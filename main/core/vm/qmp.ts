/**
 * A client for QEMU's machine protocol (QMP) on a unix socket: one JSON
 * object per line. QEMU greets, waits for `qmp_capabilities`, then answers
 * each command; asynchronous events (SHUTDOWN, STOP, …) may arrive between a
 * command and its answer, so every command carries an `id` and answers are
 * matched by it. If the socket closes, every pending command is rejected:
 * a caller never waits on a QEMU that is gone.
 */
import net from 'node:net';
import { BerthError } from '../../../preload/contract';

export interface QmpEvent {
  event: 'SHUTDOWN' | 'POWERDOWN' | 'STOP' | 'RESUME' | (string & {});
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

/** QAPI's RunState, as query-status reports it. */
export type RunState =
  | 'running'
  | 'paused'
  | 'shutdown'
  | 'prelaunch'
  | 'inmigrate'
  | 'postmigrate'
  | 'finish-migrate'
  | 'restore-vm'
  | 'save-vm'
  | 'suspended'
  | 'watchdog'
  | 'guest-panicked'
  | 'io-error'
  | 'internal-error'
  | 'debug'
  | 'colo';

export interface QmpConnectOptions {
  /** How long QEMU has to create the socket, greet and accept capabilities. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** How long one command may go unanswered. */
  commandTimeoutMs?: number;
}

const RETRY_INTERVAL_MS = 50;
/** Errors that mean "QEMU has not opened the socket yet". */
const NOT_YET = new Set(['ENOENT', 'ECONNREFUSED']);

interface Pending {
  command: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type Listeners = { event: Set<(event: QmpEvent) => void>; close: Set<() => void> };

/** Raised for commands cut off by the connection closing; quit() expects exactly that. */
class QmpClosedError extends BerthError {
  constructor(command: string) {
    super('engine-unavailable', `QEMU closed its control connection before answering ${command}`);
  }
}

export class QmpClient {
  /** QEMU's version from the greeting, e.g. "7.2.22". */
  version = '';
  private buffer = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: Listeners = { event: new Set(), close: new Set() };
  private greeted: ((error: Error | null) => void) | null = null;
  private closed = false;
  private readonly closedPromise: Promise<void>;

  private constructor(
    private readonly socket: net.Socket,
    private readonly commandTimeoutMs: number,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', () => undefined); // 'close' follows and rejects everything pending
    this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve(this.onClose())));
  }

  static async connect(socketPath: string, options: QmpConnectOptions = {}): Promise<QmpClient> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const deadline = Date.now() + timeoutMs;
    const socket = await connectWithRetry(socketPath, deadline, options.signal);
    const client = new QmpClient(socket, options.commandTimeoutMs ?? 30_000);
    try {
      await client.handshake(Math.max(0, deadline - Date.now()), socketPath);
      return client;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new QmpClosedError(command));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BerthError('timeout', `QEMU did not answer ${command} within ${this.commandTimeoutMs / 1000} s`));
      }, this.commandTimeoutMs);
      this.pending.set(id, { command, resolve: resolve as (value: unknown) => void, reject, timer });
      this.socket.write(`${JSON.stringify(args === undefined ? { execute: command, id } : { execute: command, arguments: args, id })}\n`);
    });
  }

  /** Subscribes; the returned function unsubscribes. 'close' fires once, when the connection ends. */
  on(type: 'event', listener: (event: QmpEvent) => void): () => void;
  on(type: 'close', listener: () => void): () => void;
  on(type: keyof Listeners, listener: ((event: QmpEvent) => void) | (() => void)): () => void {
    const set = this.listeners[type] as Set<typeof listener>;
    set.add(listener);
    return () => set.delete(listener);
  }

  async queryStatus(): Promise<RunState> {
    const result = await this.execute<{ status: RunState }>('query-status');
    return result.status;
  }

  /** Pauses the vCPUs (docker stays in memory, frozen). */
  async stop(): Promise<void> {
    await this.execute('stop');
  }

  async cont(): Promise<void> {
    await this.execute('cont');
  }

  /** Presses the ACPI power button: the guest shuts down cleanly, then QEMU exits. */
  async systemPowerdown(): Promise<void> {
    await this.execute('system_powerdown');
  }

  /** Ends QEMU at once. QEMU may close the socket before its answer arrives; that counts as done. */
  async quit(): Promise<void> {
    try {
      await this.execute('quit');
    } catch (error) {
      if (!(error instanceof QmpClosedError)) throw error;
    }
    await this.closedPromise;
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closedPromise;
  }

  private handshake(timeoutMs: number, socketPath: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.greeted = null;
        reject(new BerthError('timeout', `QEMU did not greet on ${socketPath} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.greeted = (error) => {
        clearTimeout(timer);
        this.greeted = null;
        if (error) reject(error);
        else resolve(this.execute('qmp_capabilities').then(() => undefined));
      };
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line === '') continue;
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // Not QMP: nothing later on this connection can be trusted.
        this.socket.destroy();
        return;
      }
      this.dispatch(message);
    }
  }

  private dispatch(message: Record<string, unknown>): void {
    if ('QMP' in message) {
      const qemu = (message.QMP as { version?: { qemu?: { major: number; minor: number; micro: number } } }).version?.qemu;
      if (qemu) this.version = `${qemu.major}.${qemu.minor}.${qemu.micro}`;
      this.greeted?.(null);
    } else if ('event' in message) {
      for (const listener of this.listeners.event) listener(message as unknown as QmpEvent);
    } else if (typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      if (!pending) return; // its caller already timed out
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if ('error' in message) {
        const error = message.error as { class?: string; desc?: string };
        pending.reject(new BerthError('internal', `QEMU refused ${pending.command}: ${error.desc ?? 'no reason given'}`, { class: error.class }));
      } else {
        pending.resolve(message.return);
      }
    }
  }

  private onClose(): void {
    this.closed = true;
    this.greeted?.(new BerthError('engine-unavailable', 'QEMU closed its control connection before greeting'));
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(new QmpClosedError(pending.command));
    }
    for (const listener of this.listeners.close) listener();
  }
}

/** QEMU creates the socket a moment after it starts: keep trying until the deadline. */
async function connectWithRetry(socketPath: string, deadline: number, signal?: AbortSignal): Promise<net.Socket> {
  for (;;) {
    if (signal?.aborted) throw new BerthError('internal', 'cancelled while connecting to QEMU');
    try {
      return await connectOnce(socketPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!NOT_YET.has(code)) throw new BerthError('engine-unavailable', `Cannot connect to QEMU at ${socketPath}: ${(error as Error).message}`);
      if (Date.now() + RETRY_INTERVAL_MS > deadline) {
        throw new BerthError('timeout', `QEMU did not open its control socket ${socketPath} in time (${code})`);
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
    }
  }
}

function connectOnce(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}
