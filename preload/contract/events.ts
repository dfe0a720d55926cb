/**
 * Pushes from main to every client. Broadcast events describe shared state
 * (`domain:noun-changed`); stream events carry data for one subscription and
 * go only to the client that opened it.
 */
import type { ContainerChanged } from './container-changes';
import type { ContainerSummary, EngineStatus, ImageSummary, LogLine, VmResources, VolumeSummary } from './dto';
import type { PackedLogLines } from './log-pack';
import type { PullEnded, PullProgress } from './images';
import type { NetworkSummary } from './networks';
import type { PortsStatus } from './ports';
import type { ContainerStats } from './stats';
import type { SettingsSnapshot } from './settings';
import type { TerminalDataEvent, TerminalEndedEvent } from './terminals';

export interface BroadcastEvents {
  'engine:state-changed': EngineStatus;
  'containers:list-changed': ContainerSummary[];
  'containers:summary-changed': ContainerChanged;
  'images:list-changed': ImageSummary[];
  'volumes:list-changed': VolumeSummary[];
  'networks:list-changed': NetworkSummary[];
  'settings:snapshot-changed': SettingsSnapshot;
  'ports:forwards-changed': PortsStatus;
}

export interface StreamEvents {
  'engine:resources-received': { subscriptionId: string; resources: VmResources };
  /** With `packed: true` on logs:subscribe, `lines` is empty and `packed` holds them (log-pack.ts). */
  'logs:lines-received': { subscriptionId: string; lines: LogLine[]; packed?: PackedLogLines };
  'logs:stream-ended': { subscriptionId: string; reason: string | null };
  'images:pull-progress-received': { subscriptionId: string; progress: PullProgress };
  'images:pull-ended': PullEnded;
  'stats:samples-received': { subscriptionId: string; samples: ContainerStats[] };
  'terminals:data-received': TerminalDataEvent;
  'terminals:session-ended': TerminalEndedEvent;
}

export type EventPayloads = BroadcastEvents & StreamEvents;
export type EventName = keyof EventPayloads;
export type BroadcastEventName = keyof BroadcastEvents;

// Records (not arrays) so adding an event without listing it here fails to compile.
const BROADCAST: Record<BroadcastEventName, true> = {
  'engine:state-changed': true,
  'containers:list-changed': true,
  'containers:summary-changed': true,
  'images:list-changed': true,
  'volumes:list-changed': true,
  'networks:list-changed': true,
  'settings:snapshot-changed': true,
  'ports:forwards-changed': true,
};
const STREAM: Record<keyof StreamEvents, true> = {
  'engine:resources-received': true,
  'logs:lines-received': true,
  'logs:stream-ended': true,
  'images:pull-progress-received': true,
  'images:pull-ended': true,
  'stats:samples-received': true,
  'terminals:data-received': true,
  'terminals:session-ended': true,
};

export const BROADCAST_EVENT_NAMES = Object.keys(BROADCAST) as BroadcastEventName[];
export const EVENT_NAMES = [...BROADCAST_EVENT_NAMES, ...Object.keys(STREAM)] as EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as string[]).includes(value);
}
