/**
 * Numbered upgrades of the settings file. Entry N turns a version N-1
 * document into version N. Never edit a shipped entry: add the next one.
 */
import { CURRENT_SETTINGS_VERSION } from './schema';

export type SettingsDocument = Record<string, unknown>;
export type Migration = (doc: SettingsDocument) => SettingsDocument;

export const MIGRATIONS: Record<number, Migration> = {
  // 1: files written before versioning had no "version" field; the shape is otherwise the same.
  1: (doc) => ({ ...doc, version: 1 }),
};

export class NewerSettingsError extends Error {}

/** Upgrades `doc` to `target`, one step at a time. */
export function migrate(
  doc: SettingsDocument,
  target = CURRENT_SETTINGS_VERSION,
  table: Record<number, Migration> = MIGRATIONS,
): SettingsDocument {
  const from = typeof doc.version === 'number' ? doc.version : 0;
  if (from > target) {
    throw new NewerSettingsError(`written by a newer Berth (settings version ${from}; this Berth reads up to ${target})`);
  }
  let current = doc;
  for (let version = from + 1; version <= target; version++) {
    const step = table[version];
    if (!step) throw new Error(`no settings migration to version ${version}`);
    current = { ...step(current), version };
  }
  return current;
}
