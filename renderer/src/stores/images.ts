/** Images: fetch once, then 'images:list-changed'. */
import type { ImageSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { createListStore } from './list-store';

export const imagesStore = createListStore<ImageSummary>(
  () => api.call('images:list', {}),
  (apply) => api.on('images:list-changed', apply),
);

export const useImages = imagesStore.use;
