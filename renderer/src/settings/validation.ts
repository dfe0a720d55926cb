/**
 * Client-side checks of the settings draft against the host's limits, so the
 * form can say what is wrong before Apply. The server checks again; its word
 * is final. Pure.
 */
import type {
  NumericRange,
  Settings,
  SettingsKey,
  SettingsLimits,
  SettingsPatch,
} from '../../../preload/contract/settings';
import { SETTINGS_KEYS } from '../../../preload/contract/settings';

/** Keyed by field ('cpus') or share row ('shares.2'). */
export type SettingsErrors = Record<string, string>;

export const FIELD_LABEL: Record<'cpus' | 'memoryMiB' | 'diskGiB', string> = {
  cpus: 'CPUs',
  memoryMiB: 'Memory (MiB)',
  diskGiB: 'Disk (GiB)',
};

export function rangeMessage(field: keyof typeof FIELD_LABEL, range: NumericRange): string {
  return `${FIELD_LABEL[field]} must be a whole number between ${range.min} and ${range.max}.`;
}

function inRange(value: number, range: NumericRange): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export const GUEST_IMAGE_LABEL = 'Guest image folder';

export function validateSettings(draft: Settings, limits: SettingsLimits): SettingsErrors {
  const errors: SettingsErrors = {};
  for (const field of ['cpus', 'memoryMiB', 'diskGiB'] as const) {
    if (!inRange(draft[field], limits[field])) errors[field] = rangeMessage(field, limits[field]);
  }
  const image = draft.guestImagePath?.trim() ?? '';
  if (image !== '' && !ABSOLUTE.test(image)) {
    errors.guestImagePath = `${GUEST_IMAGE_LABEL} must be an absolute path, or empty to use the default image.`;
  }
  const seen = new Set<string>();
  draft.shares.forEach((share, i) => {
    const path = share.hostPath.trim();
    const row = `Shared folder ${i + 1}`;
    if (!path) errors[`shares.${i}`] = `${row}: enter a host path.`;
    else if (!ABSOLUTE.test(path)) errors[`shares.${i}`] = `${row}: the host path must be absolute (start with /).`;
    else if (seen.has(path)) errors[`shares.${i}`] = `${row}: ${path} is already shared.`;
    seen.add(path);
  });
  return errors;
}

export function changedKeys(saved: Settings, draft: Settings): SettingsKey[] {
  return SETTINGS_KEYS.filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(draft[key]));
}

/** Only the fields that differ, as 'settings:update' wants them. */
export function patchOf(saved: Settings, draft: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const key of changedKeys(saved, draft)) {
    if (key === 'shares') patch[key] = draft.shares.map((s) => ({ ...s, hostPath: s.hostPath.trim() }));
    else if (key === 'guestImagePath') patch[key] = draft.guestImagePath?.trim() || null;
    else patch[key] = draft[key];
  }
  return patch as SettingsPatch;
}
