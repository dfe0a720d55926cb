/**
 * Web mode: the contract over one WebSocket. Calls are JSON CallMessages,
 * answers ReplyMessages matched by id, pushes EventMessages. When the socket
 * drops, calls in flight fail with engine-unavailable and the client
 * reconnects with backoff; the caller learns of it through onStatus.
 *
 * No DOM types here: the socket comes from a factory so tests can fake it.
 */
import type { BerthApi, Unsubscribe } from '../../../preload/contract/client';
import { BerthError } from '../../../preload/contract/errors';
import type { EventName, EventPayloads } from '../../../preload/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../../preload/contract/methods';
import { createStreamClient } from '../../../preload/contract/stream-client';
import type { CallMessage, ServerMessage } from '../../../preload/contract/wire';
import type { ConnectionStatus } from './connection';

// Method-style signature so a DOM WebSocket (whose handlers take Event) fits.
type Handler<E> = { bivariant(event: E): void }['bivariant'];

/** The part of a WebSocket the client uses. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
}

export interface WsClientOptions {
  url: string;
  connect: (url: string) => SocketLike;
  onStatus?: (status: ConnectionStatus) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export const LOST_MESSAGE = 'Lost the connection to Berth; reconnecting…';

const lost = () => new BerthError('engine-unavailable', LOST_MESSAGE);

export class WsClient implements BerthApi {
  private socket: SocketLike | null = null;
  private isOpen = false;
  private everOpened = false;
  private disposed = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: CallMessage[] = [];
  /** Matching replies to calls and events to listeners is the contract's own stream client. */
  private readonly stream = createStreamClient((message) => this.sendOrQueue(message));

  constructor(private readonly options: WsClientOptions) {
    this.options.onStatus?.('connecting');
    this.connect();
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    if (this.disposed || (this.everOpened && !this.isOpen)) return Promise.reject(lost());
    return this.stream.call(method, input);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe {
    return this.stream.on(event, listener);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000, 'bye');
    this.failPending();
  }

  private connect(): void {
    if (this.disposed) return;
    let socket: SocketLike;
    try {
      socket = this.options.connect(this.options.url);
    } catch {
      this.dropped();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.isOpen = true;
      this.everOpened = true;
      this.attempt = 0;
      this.options.onStatus?.('open');
      const queued = this.queue;
      this.queue = [];
      for (const message of queued) this.sendOrQueue(message);
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onclose = () => {
      if (this.socket === socket) this.dropped();
    };
    socket.onerror = () => {
      // A close event follows; nothing to do here.
    };
  }

  private dropped(): void {
    this.socket = null;
    this.isOpen = false;
    this.everOpened = true;
    this.failPending();
    if (this.disposed) return;
    this.options.onStatus?.('reconnecting');
    const initial = this.options.initialDelayMs ?? 250;
    const max = this.options.maxDelayMs ?? 5000;
    const base = Math.min(max, initial * 2 ** this.attempt++);
    const jitter = 0.5 + (this.options.random ?? Math.random)() * 0.5;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, base * jitter);
  }

  private failPending(): void {
    this.queue = [];
    this.stream.failPending(LOST_MESSAGE);
  }

  /** Sends now when open, else holds the call until the socket opens (a throw fails just that call). */
  private sendOrQueue(message: CallMessage): void {
    if (this.isOpen && this.socket) this.socket.send(JSON.stringify(message));
    else this.queue.push(message);
  }

  private receive(data: unknown): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    if ((message.t === 'reply' && typeof message.id === 'number') || (message.t === 'event' && typeof message.event === 'string')) {
      this.stream.receive(message);
    }
  }
}
