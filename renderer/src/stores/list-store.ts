/**
 * A list fed by one fetch and then by its `*:list-changed` event. A fetch that
 * started before the latest event is dropped, so an older answer never
 * overwrites a newer push.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { Unsubscribe } from '../../../preload/contract/client';
import { BerthError } from '../../../preload/contract/errors';

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

export function createListStore<T>(
  load: () => Promise<T[]>,
  subscribe: (apply: (items: T[]) => void) => Unsubscribe,
): ListStore<T> {
  let pushes = 0;
  const use = create<ListState<T>>()((set) => ({
    items: null,
    loading: false,
    error: null,
    async refresh() {
      const seen = pushes;
      set({ loading: true });
      try {
        const items = await load();
        if (seen === pushes) set({ items, loading: false, error: null });
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
        use.setState({ items, error: null });
      });
      void use.getState().refresh();
      return off;
    },
  };
}
