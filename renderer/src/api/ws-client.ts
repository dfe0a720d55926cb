/**
 * Web mode: the contract over one WebSocket. Calls are JSON CallMessages,
 * answers ReplyMessages matched by id, pushes EventMessages. When the socket
 * drops, calls in flight fail with engine-unavailable and the client
 * reconnects with backoff; the caller learns of it through onStatus.
 *
 * No DOM types here: the socket comes from a factory so tests can fake it.
 */
import type { BerthApi, Unsubscribe } from '../../../preload/contract/client';
import { BerthError, fromWireError, type WireError } from '../../../preload/contract/errors';
import type { EventName, EventPayloads } from '../../../preload/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../../preload/contract/methods';
import type { CallMessage } from '../../../preload/contract/wire';
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

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
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
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queue: CallMessage[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly options: WsClientOptions) {
    this.options.onStatus?.('connecting');
    this.connect();
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    return new Promise((resolve, reject) => {
      if (this.disposed || (this.everOpened && !this.isOpen)) {
        reject(lost());
        return;
      }
      const message: CallMessage = { t: 'call', id: this.nextId++, method, input };
      this.pending.set(message.id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.isOpen) this.send(message);
      else this.queue.push(message);
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const fn = listener as (payload: unknown) => void;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
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
      for (const message of queued) this.send(message);
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
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(lost());
  }

  private send(message: CallMessage): void {
    try {
      this.socket!.send(JSON.stringify(message));
    } catch (error) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      p?.reject(new BerthError('internal', `could not send ${message.method}: ${String(error)}`));
    }
  }

  private receive(data: unknown): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(String(data)) as Record<string, unknown>;
    } catch {
      return;
    }
    if (message.t === 'reply' && typeof message.id === 'number') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      if (message.ok === true) p.resolve(message.value);
      else p.reject(fromWireError((message.error ?? {}) as WireError));
    } else if (message.t === 'event' && typeof message.event === 'string') {
      for (const listener of [...(this.listeners.get(message.event) ?? [])]) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error(`listener for ${message.event} failed`, error);
        }
      }
    }
  }
}
