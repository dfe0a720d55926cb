/**
 * Container actions in flight, keyed by container id, so a row shows
 * "Stopping…" whether the action came from its own buttons or from its
 * compose project's, and whichever component is mounted (table or detail).
 */
import { create } from 'zustand';
import type { ContainerAction } from '../lib/container-actions';

interface OpsState {
  inFlight: Record<string, ContainerAction[]>;
}

export const useContainerOps = create<OpsState>()(() => ({ inFlight: {} }));

const NONE: ContainerAction[] = [];

/** The actions in flight for one container (a stable empty list when none). */
export function useInFlight(id: string): ContainerAction[] {
  return useContainerOps((s) => s.inFlight[id] ?? NONE);
}

function add(id: string, action: ContainerAction): void {
  const { inFlight } = useContainerOps.getState();
  useContainerOps.setState({ inFlight: { ...inFlight, [id]: [...(inFlight[id] ?? []), action] } });
}

function drop(id: string, action: ContainerAction): void {
  const { inFlight } = useContainerOps.getState();
  const list = inFlight[id] ?? [];
  const at = list.indexOf(action);
  if (at < 0) return;
  const rest = list.filter((_, i) => i !== at);
  const next = { ...inFlight };
  if (rest.length > 0) next[id] = rest;
  else delete next[id];
  useContainerOps.setState({ inFlight: next });
}

/** Marks `action` in flight on each id while `work` runs; always unmarks, even when it fails. */
export async function trackAction<T>(ids: readonly string[], action: ContainerAction, work: () => Promise<T>): Promise<T> {
  for (const id of ids) add(id, action);
  try {
    return await work();
  } finally {
    for (const id of ids) drop(id, action);
  }
}
