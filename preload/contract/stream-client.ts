/**
 * A BerthApi over any message stream that carries the wire format: the
 * WebSocket in the browser and the control socket in the CLI both use it.
 */
import type { BerthApi, Unsubscribe } from './client';
import { BerthError, fromWireError } from './errors';
import type { EventName } from './events';
import type { MethodInput, MethodName, MethodOutput } from './methods';
import type { CallMessage, ServerMessage } from './wire';

export interface CallOptions {
  /** Milliseconds to wait for this call's reply; 0 waits forever. Overrides the client's timeouts. */
  timeoutMs?: number;
}

export interface StreamClientOptions {
  /**
   * Milliseconds a call waits for its reply before it fails with a `timeout`
   * error; 0 or absent waits forever (the default, as before timeouts existed).
   */
  timeoutMs?: number;
  /** Per-method overrides of `timeoutMs` (0: that method waits forever). */
  methodTimeoutsMs?: Partial<Record<MethodName, number>>;
  /** The message of a timed-out call's error; by default "Berth did not answer <method> within N s". */
  timeoutMessage?(method: MethodName, timeoutMs: number): string;
}

export interface StreamClient extends BerthApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>, options?: CallOptions): Promise<MethodOutput<M>>;
  /** Feed every message that arrives from the server. */
  receive(message: ServerMessage): void;
  /** The stream dropped: every call still waiting fails with `reason`. */
  failPending(reason: string): void;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout> | null;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export function describeTimeout(method: MethodName, timeoutMs: number): string {
  return `Berth did not answer ${method} within ${formatSeconds(timeoutMs)} s`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}

export function createStreamClient(send: (message: CallMessage) => void, options: StreamClientOptions = {}): StreamClient {
  let nextId = 1;
  const pending = new Map<number, Waiter>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const timeoutFor = (method: MethodName, callOptions?: CallOptions): number =>
    callOptions?.timeoutMs ?? options.methodTimeoutsMs?.[method] ?? options.timeoutMs ?? 0;
  const settle = (id: number): Waiter | undefined => {
    const waiter = pending.get(id);
    if (!waiter) return undefined;
    pending.delete(id);
    if (waiter.timer !== null) clearTimeout(waiter.timer);
    return waiter;
  };

  return {
    call(method, input, callOptions) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timeoutMs = timeoutFor(method, callOptions);
        // Beyond the largest delay timers take (about 24.8 days), waiting is as good as forever.
        const timer =
          timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS
            ? setTimeout(() => {
                // A reply that comes later finds no waiter and is dropped.
                settle(id)?.reject(
                  new BerthError('timeout', (options.timeoutMessage ?? describeTimeout)(method, timeoutMs), {
                    method,
                    timeoutMs,
                  }),
                );
              }, timeoutMs)
            : null;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        try {
          send({ t: 'call', id, method, input });
        } catch (error) {
          settle(id);
          reject(new BerthError('engine-unavailable', `Could not reach Berth: ${(error as Error).message}`));
        }
      });
    },
    on(event, listener): Unsubscribe {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    receive(message) {
      if (message.t === 'reply') {
        const waiter = settle(message.id);
        if (!waiter) return;
        if (message.ok) waiter.resolve(message.value);
        else waiter.reject(fromWireError(message.error ?? { code: 'internal', message: 'Berth answered with an error it did not describe' }));
      } else if (message.t === 'event') {
        for (const listener of [...(listeners.get(message.event) ?? [])]) {
          // One failing listener must not keep the event from the others.
          try {
            listener(message.payload);
          } catch (error) {
            console.error(`berth: a listener for ${message.event} failed:`, error);
          }
        }
      }
    },
    failPending(reason) {
      for (const id of [...pending.keys()]) settle(id)?.reject(new BerthError('engine-unavailable', reason));
    },
  };
}
