/** Which actions make sense for a container in a given state, and while others are in flight. Pure. */
import type { ContainerState } from '../../../preload/contract/dto';

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill' | 'remove';

const BY_STATE: Record<ContainerState, ContainerAction[]> = {
  created: ['start', 'remove'],
  exited: ['start', 'remove'],
  dead: ['remove'],
  running: ['stop', 'restart', 'pause', 'kill', 'remove'],
  paused: ['unpause', 'stop', 'kill', 'remove'],
  restarting: ['stop', 'kill', 'remove'],
  removing: [],
};

export function actionsFor(state: ContainerState): ContainerAction[] {
  return BY_STATE[state] ?? [];
}

export const ACTION_LABEL: Record<ContainerAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  pause: 'Pause',
  unpause: 'Unpause',
  kill: 'Kill',
  remove: 'Remove',
};

/** What a row says while an action runs ("Stopping…"). */
export const ACTION_PROGRESS: Record<ContainerAction, string> = {
  start: 'Starting…',
  stop: 'Stopping…',
  restart: 'Restarting…',
  pause: 'Pausing…',
  unpause: 'Resuming…',
  kill: 'Killing…',
  remove: 'Removing…',
};

export function isActive(state: ContainerState): boolean {
  return state === 'running' || state === 'paused' || state === 'restarting';
}

export interface RowButton {
  action: ContainerAction;
  disabled: boolean;
}

export interface RowActionState {
  /** "Stopping…" while an action is in flight; null when none is. */
  progress: string | null;
  buttons: RowButton[];
}

/**
 * The buttons of one container row given the actions in flight for it (its
 * own, or its compose project's). While one runs, only Kill stays enabled —
 * a stop that waits out its timeout can still be cut short — and Kill only
 * until it has been sent. `offline`: nothing can be sent at all.
 */
export function rowActionState(
  state: ContainerState,
  inFlight: readonly ContainerAction[],
  offline = false,
): RowActionState {
  const main = inFlight.find((a) => a !== 'kill') ?? inFlight[0] ?? null;
  const busy = inFlight.length > 0;
  return {
    progress: main ? ACTION_PROGRESS[main] : null,
    buttons: actionsFor(state).map((action) => ({
      action,
      disabled: offline || (busy && (action !== 'kill' || inFlight.includes('kill'))),
    })),
  };
}
