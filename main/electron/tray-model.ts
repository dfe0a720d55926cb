/**
 * What the tray shows for an engine status: the icon, the tooltip and the
 * context menu as plain data (labels, enabled flags, actions). Pure, so it is
 * unit-tested without Electron; main/electron/tray.ts turns it into a Tray.
 */
import type { EngineState, EngineStatus } from '../../preload/contract';

export type TrayIconName = 'running' | 'stopped' | 'busy' | 'paused' | 'error';
export const TRAY_ICON_NAMES: readonly TrayIconName[] = ['running', 'stopped', 'busy', 'paused', 'error'];

/** What a tray click asks the engine to do. */
export type EngineAction = 'start' | 'stop' | 'restart' | 'resume';
export type TrayAction = EngineAction | 'open' | 'quit';

export type TrayMenuEntry =
  | { kind: 'separator' }
  | {
      kind: 'item';
      /** Stable id, for tests and Electron's MenuItem id. */
      id: string;
      label: string;
      enabled: boolean;
      /** What a click does; null for the informational lines. */
      action: TrayAction | null;
    };

/** An engine action that failed; shown in the menu until the engine moves on. */
export interface TrayActionError {
  action: EngineAction;
  message: string;
  /** The engine state when the failure was recorded. */
  state: EngineState | null;
}

export interface TrayModel {
  icon: TrayIconName;
  tooltip: string;
  items: TrayMenuEntry[];
}

export interface TrayModelOptions {
  /** Windows and Linux read "&" in a label as a mnemonic marker; escape it in text we do not control. */
  escapeMnemonics?: boolean;
}

const STATE_LABELS: Record<EngineState, string> = {
  stopped: 'Stopped',
  starting: 'Starting…',
  running: 'Running',
  stopping: 'Stopping…',
  paused: 'Paused',
  error: 'Error',
};

const ACTION_LABELS: Record<EngineAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  resume: 'Resume',
};

/** Longest error / warning text put in a menu label or tooltip. */
export const MAX_MENU_TEXT = 80;
/** Windows cuts tray tooltips at 127 characters. */
export const MAX_TOOLTIP = 127;

export function iconForState(state: EngineState | null): TrayIconName {
  switch (state) {
    case 'running':
      return 'running';
    case 'starting':
    case 'stopping':
      return 'busy';
    case 'paused':
      return 'paused';
    case 'error':
      return 'error';
    case 'stopped':
    case null:
      return 'stopped';
  }
}

/**
 * The file name of an icon in assets/tray. macOS gets monochrome template
 * images (its menu bar tints them); the @2x file beside each is picked up by
 * Electron on high-density screens.
 */
export function iconFileName(icon: TrayIconName, template: boolean): string {
  return template ? `${icon}Template.png` : `${icon}.png`;
}

export function stateLabel(state: EngineState | null): string {
  return state === null ? 'Checking…' : STATE_LABELS[state];
}

/** Which engine actions make sense in `state`. */
export function enabledActions(state: EngineState | null): Record<EngineAction, boolean> {
  switch (state) {
    case 'stopped':
      return { start: true, stop: false, restart: false, resume: false };
    case 'running':
      return { start: false, stop: true, restart: true, resume: false };
    case 'paused':
      return { start: false, stop: true, restart: true, resume: true };
    case 'error':
      // Start retries; Stop clears whatever a failed start left behind.
      return { start: true, stop: true, restart: false, resume: false };
    case 'starting':
      // Stop aborts a start in progress.
      return { start: false, stop: true, restart: false, resume: false };
    case 'stopping':
    case null:
      return { start: false, stop: false, restart: false, resume: false };
  }
}

/** One line of text, at most `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** The tooltip: "Berth — Running", "Berth — Error: …". */
export function trayTooltip(status: EngineStatus | null): string {
  const state = status?.state ?? null;
  let text = `Berth — ${stateLabel(state)}`;
  if (state === 'error' && status?.error) text += `: ${status.error}`;
  else if ((state === 'starting' || state === 'stopping') && status?.progress) {
    text += ` ${status.progress.message}`;
  }
  return oneLine(text, MAX_TOOLTIP);
}

/**
 * The action error still worth showing once the engine reported `status`:
 * kept while the engine stays in the state it was in when the action failed,
 * dropped as soon as it moves (say the CLI started it after all).
 */
export function carryActionError(
  error: TrayActionError | null,
  status: EngineStatus | null,
): TrayActionError | null {
  if (!error) return null;
  return (status?.state ?? null) === error.state ? error : null;
}

export function buildTrayModel(
  status: EngineStatus | null,
  actionError: TrayActionError | null = null,
  options: TrayModelOptions = {},
): TrayModel {
  const state = status?.state ?? null;
  const text = (raw: string) => {
    const line = oneLine(raw, MAX_MENU_TEXT);
    return options.escapeMnemonics ? line.replace(/&/g, '&&') : line;
  };
  const info = (id: string, label: string): TrayMenuEntry => ({ kind: 'item', id, label, enabled: false, action: null });

  const items: TrayMenuEntry[] = [];
  let headline = `Engine: ${stateLabel(state)}`;
  if (status?.backend) headline += ` (${status.backend})`;
  items.push(info('state', text(headline)));
  if (state === 'error' && status?.error) items.push(info('state-error', text(status.error)));
  if ((state === 'starting' || state === 'stopping') && status?.progress) {
    const percent = Math.round(Math.min(1, Math.max(0, status.progress.fraction)) * 100);
    items.push(info('state-progress', text(`${status.progress.message} (${percent}%)`)));
  }
  for (const [index, warning] of (status?.warnings ?? []).slice(0, 2).entries()) {
    items.push(info(`warning-${index}`, text(`⚠ ${warning}`)));
  }
  // The same text as the engine's own error line would say nothing new.
  if (actionError && !(state === 'error' && actionError.message === status?.error)) {
    items.push(info('action-error', text(`${ACTION_LABELS[actionError.action]} failed: ${actionError.message}`)));
  }

  items.push({ kind: 'separator' });
  items.push({ kind: 'item', id: 'open', label: 'Open Dashboard', enabled: true, action: 'open' });
  items.push({ kind: 'separator' });

  const enabled = enabledActions(state);
  const actions: EngineAction[] = state === 'paused' ? ['resume', 'start', 'stop', 'restart'] : ['start', 'stop', 'restart'];
  for (const action of actions) {
    items.push({ kind: 'item', id: action, label: ACTION_LABELS[action], enabled: enabled[action], action });
  }

  items.push({ kind: 'separator' });
  items.push({ kind: 'item', id: 'quit', label: 'Quit Berth', enabled: true, action: 'quit' });

  return { icon: iconForState(state), tooltip: trayTooltip(status), items };
}
