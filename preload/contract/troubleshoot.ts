/** The Troubleshoot page's data: logs, the diagnostics bundle, factory reset. */

import type { BackendKind, EngineStatus } from './dto';

export type LogLevel = 'info' | 'warn' | 'error';

/** One line of Berth's own log, as kept in its in-memory ring. */
export interface BerthLogEntry {
  /** ISO 8601. */
  time: string;
  level: LogLevel;
  message: string;
}

/**
 * berth: Berth's own log; engine: the Docker Engine's log (dockerd's log in
 * the VM, or the host's journal for the native backend); serial: the VM's
 * console; qemu: QEMU's own stderr.
 */
export const LOG_SOURCES = ['berth', 'engine', 'serial', 'qemu'] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

export interface LogExcerpt {
  source: LogSource;
  /** The file it was read from; null when it lives in memory or nowhere. */
  path: string | null;
  /** The last lines, oldest first. Empty with a `note` when there is nothing to show. */
  lines: string[];
  /** Whether earlier lines were left out. */
  truncated: boolean;
  /** Why there is nothing, or where else to look (the native backend's engine log). */
  note: string | null;
}

export interface DiagnosticsBundle {
  /** berth-diagnostics-<UTC time>.tar.gz: the name a download or save proposes. */
  fileName: string;
  /** Where Berth wrote it (under its state folder); the CLI copies it from here. */
  path: string;
  sizeBytes: number;
  createdAt: string;
  /** The files inside, in order. */
  entries: string[];
}

export interface SavedBundle {
  /** Where the user saved it; null when they cancelled the dialog. */
  savedTo: string | null;
}

/** What a factory reset would do, so the confirmation can name what will be lost. */
export interface ResetPlan {
  /** The backend the data belongs to: the running one, else what settings choose (auto resolved). */
  backend: BackendKind;
  /** The VM's data disk (its containers, images, volumes and build cache); null when there is none. */
  dataDisk: { path: string; sizeBytes: number } | null;
  settingsFile: string;
  /** What "erase" cannot do, said plainly (the native backend never wipes the host's engine). */
  note: string | null;
}

export interface ResetResult {
  /** What was removed, as paths or plain words. */
  erased: string[];
  kept: string[];
  /** The engine right after the reset: stopped, or on its way back up if it was running before. */
  engine: EngineStatus;
}
