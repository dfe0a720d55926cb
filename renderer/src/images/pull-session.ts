/**
 * One pull as the UI follows it: events for it are picked out by
 * subscription id (events that arrive before the id is known are kept and
 * replayed), and cancel asks main to abort it.
 */
import type { PullEnded, PullProgress } from '../../../preload/contract/images';
import { api } from '../api/client';

export interface PullHandlers {
  onProgress(progress: PullProgress): void;
  onEnd(ended: PullEnded): void;
}

export interface PullHandle {
  cancel(): Promise<void>;
}

export async function followPull(reference: string, handlers: PullHandlers): Promise<PullHandle> {
  let id: string | null = null;
  const early: Array<() => void> = [];
  let offProgress = (): void => undefined;
  const offEnd = api.on('images:pull-ended', (ended) => {
    const deliver = (): void => {
      if (ended.subscriptionId !== id) return;
      offProgress();
      offEnd();
      handlers.onEnd(ended);
    };
    if (id === null) early.push(deliver);
    else deliver();
  });
  offProgress = api.on('images:pull-progress-received', ({ subscriptionId, progress }) => {
    const deliver = (): void => {
      if (subscriptionId === id) handlers.onProgress(progress);
    };
    if (id === null) early.push(deliver);
    else deliver();
  });
  try {
    ({ subscriptionId: id } = await api.call('images:pull', { reference }));
  } catch (error) {
    offProgress();
    offEnd();
    throw error;
  }
  for (const deliver of early.splice(0)) deliver();
  const subscriptionId = id;
  return { cancel: () => api.call('images:cancel-pull', { subscriptionId }) };
}
