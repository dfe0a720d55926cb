/** The body of an engine list page (images, volumes, networks): the engine gate, then error, loading, empty or the list. */
import type { ReactNode } from 'react';
import type { StoreApi, UseBoundStore } from 'zustand';
import type { BerthError } from '../../../preload/contract/errors';
import { useEngine } from '../stores/engine';
import type { ListState } from '../stores/list-store';
import { EngineNotRunning, engineIsUp } from './EngineGate';
import { Empty, ErrorBox, Loading } from './States';

/**
 * A list store's state for ResourceListBody, and whether the engine is
 * reachable (pages offer their create forms only then). An unknown engine
 * state counts as up (the status may arrive after the list); a list that
 * failed for want of the engine does not.
 */
export function useResourceList<T>(useList: UseBoundStore<StoreApi<ListState<T>>>) {
  const items = useList((s) => s.items);
  const error = useList((s) => s.error);
  const refresh = useList((s) => s.refresh);
  const engineState = useEngine((s) => s.status?.state);
  const reachable = !(engineState && !engineIsUp(engineState)) && error?.code !== 'engine-unavailable';
  return { reachable, items, error, onRetry: () => void refresh() };
}

interface ResourceListBodyProps<T> {
  reachable: boolean;
  items: T[] | null;
  error: BerthError | null;
  onRetry(): void;
  loadingLabel: string;
  /** What an empty list says, inside the Empty placeholder. */
  empty: ReactNode;
  /** The list itself, given only a non-empty list. */
  children(items: T[]): ReactNode;
}

export function ResourceListBody<T>({ reachable, items, error, onRetry, loadingLabel, empty, children }: ResourceListBodyProps<T>) {
  if (!reachable) return <EngineNotRunning />;
  // A failed refresh leaves a list already shown in place.
  if (!items && error) return <ErrorBox error={error} onRetry={onRetry} />;
  if (!items) return <Loading label={loadingLabel} />;
  if (items.length === 0) return <Empty>{empty}</Empty>;
  return <>{children(items)}</>;
}
