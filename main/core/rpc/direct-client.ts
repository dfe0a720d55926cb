/** The contract called in-process: what the CLI uses when no Berth is running, and what tests use. */
import { fromWireError, type BerthApi, type EventName } from '../../../preload/contract';
import type { Berth } from '../berth';

export function directClient(berth: Berth): BerthApi & { close(): Promise<void> } {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const deliver = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: unknown) => void)(payload);
  };
  const session = berth.openSession(deliver);
  const stopBroadcast = berth.bus.onAny(deliver);
  return {
    async call(method, input) {
      const reply = await berth.dispatch(method, input, session);
      if (!reply.ok) throw fromWireError(reply.error);
      return reply.value as never;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    async close() {
      stopBroadcast();
      await session.close();
    },
  };
}
