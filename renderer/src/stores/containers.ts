/** Containers: the list (fetch + 'containers:list-changed') and the filter box. */
import { create } from 'zustand';
import type { ContainerSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { createListStore } from './list-store';

export const containersStore = createListStore<ContainerSummary>(
  () => api.call('containers:list', { all: true }),
  (apply) => api.on('containers:list-changed', apply),
  // A start or stop reaches its row at once; the coalesced full list follows as the safety net.
  { keyOf: (c) => c.id, subscribe: (apply) => api.on('containers:summary-changed', ({ id, summary }) => apply(id, summary)) },
);

export const useContainers = containersStore.use;

export const useContainerFilter = create<{ filter: string; setFilter(f: string): void }>()((set) => ({
  filter: '',
  setFilter: (filter) => set({ filter }),
}));
