/** Which actions make sense for a container in a given state. Pure. */
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

export function isActive(state: ContainerState): boolean {
  return state === 'running' || state === 'paused' || state === 'restarting';
}
