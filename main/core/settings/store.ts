/**
 * The settings file: loaded once, validated against this host's limits,
 * migrated, and rewritten atomically on every accepted change. A file that
 * cannot be used is kept aside as .bak and never overwritten silently.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import {
  BerthError,
  type BackendKind,
  SETTINGS_KEYS,
  impactOfChange,
  type Settings,
  type SettingsLimits,
  type SettingsSnapshot,
  type SettingsUpdateResult,
} from '../../../preload/contract';
import type { EventBus } from '../events';
import { writeFileAtomic } from '../fs/atomic-write';
import { withFileLock } from '../fs/file-lock';
import { migrate, NewerSettingsError, type SettingsDocument } from './migrations';
import { defaultSettings, mergeDuplicateShares, settingsLimits, settingsSchema, type HostFacts } from './schema';

export class SettingsStore {
  private current: Settings;
  /** The settings the running engine was started with, and its backend; null while it is stopped. */
  private applied: { settings: Settings; backend: BackendKind } | null = null;
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly limits: SettingsLimits,
    private readonly defaults: Settings,
    loaded: Settings,
    private readonly warnings: string[],
    private readonly bus: EventBus | null,
  ) {
    this.current = loaded;
  }

  static async load(file: string, host: HostFacts, bus: EventBus | null = null): Promise<SettingsStore> {
    const limits = settingsLimits(host);
    const defaults = defaultSettings(host);
    const { settings, warnings } = await readSettingsFile(file, limits, defaults);
    return new SettingsStore(file, limits, defaults, settings, warnings, bus);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  snapshot(): SettingsSnapshot {
    return {
      settings: this.get(),
      limits: structuredClone(this.limits),
      path: this.file,
      pendingRestart: this.applied ? impactOfChange(this.applied.settings, this.current, this.applied.backend) : 'none',
      warnings: [...this.warnings],
    };
  }

  /** Validates `patch` against the whole document, then writes it; the file is untouched on error. */
  update(patch: Record<string, unknown>): Promise<SettingsUpdateResult> {
    const run = this.writes.then(() => this.applyPatch(patch));
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** The engine started with `settings` (read when the start began): only later changes are pending. */
  markApplied(backend: BackendKind, settings: Settings = this.get()): void {
    this.applied = { settings: structuredClone(settings), backend };
    this.publish();
  }

  /** The engine stopped: every saved change applies at the next start. */
  clearApplied(): void {
    this.applied = null;
    this.publish();
  }

  private async applyPatch(patch: Record<string, unknown>): Promise<SettingsUpdateResult> {
    for (const key of Object.keys(patch)) {
      if (!(SETTINGS_KEYS as string[]).includes(key)) {
        throw new BerthError(
          'invalid-input',
          `unknown setting ${JSON.stringify(key)}; the settings are: ${SETTINGS_KEYS.join(', ')}`,
        );
      }
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw cannotSave(this.file, error);
    });
    // Another process (a second CLI, a hand edit) may have changed the file: patch what is on disk.
    return withFileLock(`${this.file}.lock`, async () => {
      const base = (await readValid(this.file, this.limits)) ?? this.current;
      const next = validate({ ...base, ...patch }, this.limits, patch);
      const impact = impactOfChange(this.current, next, this.applied?.backend ?? null);
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`).catch((error: NodeJS.ErrnoException) => {
        throw cannotSave(this.file, error);
      });
      this.current = next;
      this.publish();
      return { ...this.snapshot(), impact };
    });
  }

  private publish(): void {
    this.bus?.emit('settings:snapshot-changed', this.snapshot());
  }

  /** The defaults for this host (for reset and for tests). */
  defaultSettings(): Settings {
    return structuredClone(this.defaults);
  }
}

function cannotSave(file: string, error: NodeJS.ErrnoException): BerthError {
  return new BerthError('internal', `Could not save the settings to ${file} (${error.code ?? error.message}); nothing was changed.`);
}

/** The file's settings when it holds a complete, valid document; null otherwise. */
async function readValid(file: string, limits: SettingsLimits): Promise<Settings | null> {
  try {
    const doc = migrate(JSON.parse(stripBom(await fs.readFile(file, 'utf8'))) as SettingsDocument);
    const result = settingsSchema(limits).safeParse(doc);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A value as it appears in a message: short, whatever its size. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function validate(candidate: unknown, limits: SettingsLimits, patch: Record<string, unknown>): Settings {
  const result = settingsSchema(limits).safeParse(candidate);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const key = issue.path[0];
    const got = typeof key === 'string' && key in patch ? ` (got ${preview(patch[key])})` : '';
    return `${issue.message}${got}`;
  });
  throw new BerthError('invalid-input', unique(messages).join('; '), { issues: result.error.issues.map((i) => i.path.join('.')) });
}

interface ReadResult {
  settings: Settings;
  warnings: string[];
}

async function readSettingsFile(file: string, limits: SettingsLimits, defaults: Settings): Promise<ReadResult> {
  let text: string;
  try {
    text = stripBom(await fs.readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: defaults, warnings: [] };
    return { settings: defaults, warnings: [`Cannot read ${file} (${code ?? (error as Error).message}); using the defaults. Fix or remove it to keep your changes.`] };
  }

  let doc: SettingsDocument;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    doc = migrate(parsed as SettingsDocument);
  } catch (error) {
    const why = error instanceof NewerSettingsError ? error.message : `did not parse (${(error as Error).message})`;
    const kept = await keepAside(file, 'move').then(
      (backup) => `kept it as ${backup}`,
      (failure: NodeJS.ErrnoException) => `could not keep a copy aside (${failure.code}), so it is left as it is`,
    );
    return { settings: defaults, warnings: [`${file} ${why}; ${kept} and loaded the defaults`] };
  }

  // Keep every valid field; replace each invalid or unknown one with its default.
  const settings: Settings = { ...defaults };
  const problems: string[] = [];
  const schema = settingsSchema(limits);
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'version') continue;
    if (!(SETTINGS_KEYS as string[]).includes(key)) {
      problems.push(`unknown setting ${JSON.stringify(key)} dropped`);
      continue;
    }
    let checked = value;
    if (key === 'shares') {
      const { value: merged, merged: dropped } = mergeDuplicateShares(value);
      checked = merged;
      for (const hostPath of dropped) problems.push(`shares listed ${hostPath} a second time; kept the first entry for that folder`);
    }
    const field = schema.shape[key as keyof typeof schema.shape].safeParse(checked);
    if (field.success) (settings as unknown as Record<string, unknown>)[key] = field.data;
    else problems.push(`${field.error.issues[0]?.message ?? key + ' is invalid'} (got ${preview(value)}); using the default`);
  }
  if (problems.length === 0) return { settings, warnings: [] };
  const warnings = problems.map((p) => `${file}: ${p}`);
  try {
    const backup = await keepAside(file, 'copy');
    // Rewrite the repaired document so the same warning does not come back at every start.
    await writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`);
    warnings.push(`the original is kept as ${backup}`);
  } catch (error) {
    warnings.push(`the file could not be repaired (${(error as NodeJS.ErrnoException).code}); it is left as it is`);
  }
  return { settings, warnings };
}

/** Copies or moves the file to a .bak that does not overwrite an earlier one. */
async function keepAside(file: string, how: 'copy' | 'move'): Promise<string> {
  for (let n = 0; ; n++) {
    const backup = n === 0 ? `${file}.bak` : `${file}.${n}.bak`;
    try {
      await fs.copyFile(file, backup, constants.COPYFILE_EXCL);
      if (how === 'move') await fs.rm(file);
      return backup;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

