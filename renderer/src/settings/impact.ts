/**
 * What a settings change costs on the engine that runs now, in words, for the
 * notice before Apply. Same rule as the server's pendingRestart: a stopped
 * engine restarts nothing (changes apply at its next start), and the native
 * backend has no VM, so VM-only fields cost nothing there. Pure.
 */
import type { BackendKind, EngineStatus } from '../../../preload/contract/dto';
import {
  SETTINGS_IMPACT,
  SETTINGS_KEYS,
  impactOfChange,
  type RestartImpact,
  type Settings,
  type SettingsKey,
} from '../../../preload/contract/settings';
import { changedKeys } from './validation';

/** The fields only the VM backend uses: cpus, memory, disk, shares, accelerator, guest image. */
export const VM_ONLY_KEYS: readonly SettingsKey[] = SETTINGS_KEYS.filter((key) => SETTINGS_IMPACT[key] === 'vm-restart');

export const VM_ONLY_HINT = 'Used by the VM backend only';

/** The backend of a running (or paused) engine; null when nothing runs, so nothing would restart. */
export function runningBackend(status: Pick<EngineStatus, 'state' | 'backend'> | null | undefined): BackendKind | null {
  if (!status || (status.state !== 'running' && status.state !== 'paused')) return null;
  return status.backend;
}

/**
 * The backend the VM-only fields are judged against: the one the draft asks
 * for, or, for `auto`, the one that runs (null when that is not known).
 */
export function backendInUse(draft: Pick<Settings, 'backend'>, status: Pick<EngineStatus, 'state' | 'backend'> | null | undefined): BackendKind | null {
  if (draft.backend !== 'auto') return draft.backend;
  return runningBackend(status) ?? status?.backend ?? null;
}

export interface ImpactNotice {
  impact: RestartImpact;
  /** 'warn' when applying restarts something. */
  tone: 'info' | 'warn';
  text: string;
}

export const RESTART_TEXT: Record<Exclude<RestartImpact, 'none'>, string> = {
  'vm-restart': 'Applying restarts the VM: running containers stop and start again.',
  'engine-restart': 'Applying restarts the engine: running containers stop and start again.',
};

/** Null when nothing changed. `running` as from runningBackend(). */
export function impactNotice(before: Settings, after: Settings, running: BackendKind | null): ImpactNotice | null {
  const changed = changedKeys(before, after);
  if (changed.length === 0) return null;
  const impact = impactOfChange(before, after, running);
  if (impact !== 'none') return { impact, tone: 'warn', text: RESTART_TEXT[impact] };
  const touchesEngine = changed.some((key) => SETTINGS_IMPACT[key] !== 'none');
  if (!touchesEngine) return { impact, tone: 'info', text: 'Takes effect right away; nothing restarts.' };
  if (running === null) {
    return { impact, tone: 'info', text: 'Saved; applies when the engine starts. Nothing restarts now.' };
  }
  // Running on native, and only VM-only fields changed.
  return {
    impact,
    tone: 'info',
    text: 'Saved; nothing restarts: the native backend does not use these settings. They apply when the VM backend runs.',
  };
}

/** The notice for changes already saved that wait for a restart (snapshot.pendingRestart). */
export const PENDING_TEXT: Record<Exclude<RestartImpact, 'none'>, string> = {
  'vm-restart': 'Saved changes take effect when the VM restarts.',
  'engine-restart': 'Saved changes take effect when the engine restarts.',
};
