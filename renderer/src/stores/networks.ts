/** Networks with their containers: fetch once, then 'networks:list-changed'. */
import type { NetworkSummary } from '../../../preload/contract/networks';
import { api } from '../api/client';
import { createListStore } from './list-store';

export const networksStore = createListStore<NetworkSummary>(
  () => api.call('networks:list', {}),
  (apply) => api.on('networks:list-changed', apply),
);

export const useNetworks = networksStore.use;
