/**
 * A BerthApi over any message stream that carries the wire format: the
 * WebSocket in the browser and the control socket in the CLI both use it.
 */
import type { BerthApi, Unsubscribe } from './client';
import { BerthError, fromWireError } from './errors';
import type { EventName } from './events';
import type { CallMessage, ServerMessage } from './wire';

export interface StreamClient extends BerthApi {
  /** Feed every message that arrives from the server. */
  receive(message: ServerMessage): void;
  /** The stream dropped: every call still waiting fails with `reason`. */
  failPending(reason: string): void;
}

export function createStreamClient(send: (message: CallMessage) => void): StreamClient {
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  return {
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        try {
          send({ t: 'call', id, method, input });
        } catch (error) {
          pending.delete(id);
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
        const waiter = pending.get(message.id);
        if (!waiter) return;
        pending.delete(message.id);
        if (message.ok) waiter.resolve(message.value);
        else waiter.reject(fromWireError(message.error));
      } else if (message.t === 'event') {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      }
    },
    failPending(reason) {
      for (const waiter of pending.values()) waiter.reject(new BerthError('engine-unavailable', reason));
      pending.clear();
    },
  };
}
