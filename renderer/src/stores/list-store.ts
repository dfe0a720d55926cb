/**
 * A list fed by one fetch and then by its `*:list-changed` event. A fetch that
 * started before the latest event is dropped, so an older answer never
 * overwrites a newer push. With a key, a list keeps the objects of unchanged
 * items (memoised rows stay put) and can take one changed item at a time.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { Unsubscribe } from '../../../preload/contract/client';
import { BerthError } from '../../../preload/contract/errors';
import { applyChange, keepUnchanged } from './list-patch';

export interface ListState<T> {
  items: T[] | null;
  loading: boolean;
  error: BerthError | null;
  refresh(): Promise<void>;
}

export interface ListStore<T> {
  use: UseBoundStore<StoreApi<ListState<T>>>;
  /** Listens for pushes and fetches once; returns the stop function. */
  start(): Unsubscribe;
}

export function toBerthError(error: unknown): BerthError {
  if (error instanceof BerthError) return error;
  return new BerthError('internal', error instanceof Error ? error.message : String(error));
}

export interface ItemUpdates<T> {
  keyOf(item: T): string;
  /** Pushes of one item: `item` null when it is gone. */
  subscribe?(apply: (key: string, item: T | null) => void): Unsubscribe;
}

export function createListStore<T>(
  load: () => Promise<T[]>,
  subscribe: (apply: (items: T[]) => void) => Unsubscribe,
  updates?: ItemUpdates<T>,
): ListStore<T> {
  let pushes = 0;
  const merge = (prev: T[] | null, next: T[]) => (updates ? keepUnchanged(prev, next, updates.keyOf) : next);
  const use = create<ListState<T>>()((set, get) => ({
    items: null,
    loading: false,
    error: null,
    async refresh() {
      const seen = pushes;
      set({ loading: true });
      try {
        const items = await load();
        if (seen === pushes) set({ items: merge(get().items, items), loading: false, error: null });
        else set({ loading: false });
      } catch (error) {
        set({ loading: false, error: toBerthError(error) });
      }
    },
  }));
  return {
    use,
    start() {
      const off = subscribe((items) => {
        pushes++;
        use.setState({ items: merge(use.getState().items, items), error: null });
      });
      const offItems = updates?.subscribe?.((key, item) => {
        const items = use.getState().items;
        // Before the first list there is nothing to patch: the fetch under way brings the item.
        if (!items) return;
        pushes++;
        use.setState({ items: applyChange(items, key, item, updates.keyOf) });
      });
      void use.getState().refresh();
      return () => {
        off();
        offItems?.();
      };
    },
  };
}
