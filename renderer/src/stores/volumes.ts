/** Volumes: fetch once, then 'volumes:list-changed'. */
import type { VolumeSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { createListStore } from './list-store';

export const volumesStore = createListStore<VolumeSummary>(
  () => api.call('volumes:list', {}),
  (apply) => api.on('volumes:list-changed', apply),
);

export const useVolumes = volumesStore.use;
