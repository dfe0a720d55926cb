/**
 * The settings document as every side sees it. The schema that validates it
 * (with the host's limits) and its migrations live in main/core/settings; what
 * lives here is the shape, and what a change to each field costs, so the UI can
 * say so before Apply.
 */

import type { BackendKind } from './dto';
import type { ShareMechanism } from './shares';

export type BackendChoice = 'auto' | 'native' | 'qemu';
export type PortBindPolicy = 'all-interfaces' | 'localhost';
export type Theme = 'system' | 'light' | 'dark';
export type AcceleratorChoice = 'auto' | 'kvm' | 'hvf' | 'whpx' | 'tcg';
/** `auto`: virtiofs where the host's virtiofsd can run, else 9p. */
export type ShareMechanismChoice = 'auto' | ShareMechanism;

export interface Share {
  hostPath: string;
  writable: boolean;
}

export interface Settings {
  /** Schema version of the file; owned by the migrations, not by users. */
  version: number;
  backend: BackendChoice;
  /** The VM's accelerator; `auto` picks hardware acceleration where it works, else TCG. */
  accelerator: AcceleratorChoice;
  /** A guest image folder to use instead of the app's or the cache's; null for those. */
  guestImagePath: string | null;
  cpus: number;
  memoryMiB: number;
  diskGiB: number;
  shares: Share[];
  /** How the shares reach the VM. */
  shareMechanism: ShareMechanismChoice;
  /** File and folder names whose changes are not replayed in the VM (node_modules, .git). */
  fileWatchIgnore: string[];
  portBindPolicy: PortBindPolicy;
  startAtLogin: boolean;
  theme: Theme;
}

export type SettingsKey = Exclude<keyof Settings, 'version'>;
export type SettingsPatch = Partial<Omit<Settings, 'version'>>;

/** What applying a change costs. Ordered: a later entry costs more. */
export const RESTART_IMPACTS = ['none', 'engine-restart', 'vm-restart'] as const;
export type RestartImpact = (typeof RESTART_IMPACTS)[number];

export const SETTINGS_IMPACT: Record<SettingsKey, RestartImpact> = {
  backend: 'engine-restart',
  accelerator: 'vm-restart',
  guestImagePath: 'vm-restart',
  cpus: 'vm-restart',
  memoryMiB: 'vm-restart',
  diskGiB: 'vm-restart',
  shares: 'vm-restart',
  shareMechanism: 'vm-restart',
  // The host watcher starts with the VM.
  fileWatchIgnore: 'vm-restart',
  // The forwarder applies a new policy at once: it re-listens on the new addresses.
  portBindPolicy: 'none',
  startAtLogin: 'none',
  theme: 'none',
};

export const SETTINGS_KEYS = Object.keys(SETTINGS_IMPACT) as SettingsKey[];

export function maxImpact(impacts: Iterable<RestartImpact>): RestartImpact {
  let worst = 0;
  for (const impact of impacts) worst = Math.max(worst, RESTART_IMPACTS.indexOf(impact));
  return RESTART_IMPACTS[worst] ?? 'none';
}

/**
 * The cost of turning `before` into `after`: the worst impact of any changed
 * field, for the engine that runs now. Pass `running` to ask about the real
 * engine: null (stopped) costs nothing, as changes apply at the next start;
 * 'native' has no VM, so VM-only fields cost nothing. Leave it out for the
 * worst case.
 */
export function impactOfChange(before: Settings, after: Settings, running?: BackendKind | null): RestartImpact {
  if (running === null) return 'none';
  const changed = SETTINGS_KEYS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  const impacts = changed.map((key) => SETTINGS_IMPACT[key]);
  return maxImpact(running === 'native' ? impacts.filter((impact) => impact !== 'vm-restart') : impacts);
}

export interface NumericRange {
  min: number;
  max: number;
}

/** Ranges that depend on the host, so the UI can validate before it asks. */
export interface SettingsLimits {
  cpus: NumericRange;
  memoryMiB: NumericRange;
  diskGiB: NumericRange;
}

export interface SettingsSnapshot {
  settings: Settings;
  limits: SettingsLimits;
  /** Where the file lives, for the user who wants to look. */
  path: string;
  /** Changes already saved that take effect only after this restart. */
  pendingRestart: RestartImpact;
  /** E.g. "settings.json did not parse; kept it as settings.json.bak". */
  warnings: string[];
}

export interface SettingsUpdateResult extends SettingsSnapshot {
  /** What the change just made costs. */
  impact: RestartImpact;
}
