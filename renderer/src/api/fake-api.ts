/**
 * An in-memory BerthApi for tests (and for trying the UI without main):
 * canned handlers per method, a record of calls, and emit() for pushes.
 */
import type { BerthApi, Unsubscribe } from '../../../preload/contract/client';
import { BerthError } from '../../../preload/contract/errors';
import type { EventName, EventPayloads } from '../../../preload/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../../preload/contract/methods';

export type FakeHandlers = {
  [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export class FakeApi implements BerthApi {
  readonly calls: { method: MethodName; input: unknown }[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(public handlers: FakeHandlers = {}) {}

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    this.calls.push({ method, input });
    const handler = this.handlers[method] as ((input: MethodInput<M>) => MethodOutput<M>) | undefined;
    if (!handler) throw new BerthError('not-supported', `fake: no handler for ${method}`);
    return handler(input);
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

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload);
  }

  count(method: MethodName): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
