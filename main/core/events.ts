/** The typed event bus inside main: services publish, transports forward. */
import type { BroadcastEventName, BroadcastEvents } from '../../preload/contract';

type Listener<E extends BroadcastEventName> = (payload: BroadcastEvents[E]) => void;
type AnyListener = <E extends BroadcastEventName>(event: E, payload: BroadcastEvents[E]) => void;

export class EventBus {
  private readonly listeners = new Map<BroadcastEventName, Set<Listener<never>>>();
  private readonly anyListeners = new Set<AnyListener>();

  emit<E extends BroadcastEventName>(event: E, payload: BroadcastEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) safely(() => (listener as Listener<E>)(payload));
    for (const listener of this.anyListeners) safely(() => listener(event, payload));
  }

  on<E extends BroadcastEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }
}

// One bad listener must not starve the others, nor the service that emitted.
function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    console.error('berth: event listener failed:', error);
  }
}
