/**
 * Berth's own log: every message main/core logs goes to a bounded in-memory
 * ring (what the Troubleshoot page shows, cheap to read) and is appended to
 * berth.log in the logs folder (what outlives the process). The file rotates
 * at a size cap (berth.log → .1 → .2 …) so a long-lived Berth cannot fill the
 * disk. Writes are synchronous: log lines are few, and a crash right after a
 * line must not lose it.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BerthLogEntry, LogLevel } from '../../../preload/contract';

export const BERTH_LOG_FILE = 'berth.log';

export interface BerthLogOptions {
  /** The logs folder; null keeps the log in memory only. */
  logsDir: string | null;
  /** How many entries the ring keeps. */
  capacity?: number;
  /** berth.log rotates once it grows past this. */
  maxFileBytes?: number;
  /** How many rotated files to keep (berth.log.1 … .keep). */
  keep?: number;
  /** Where each line also goes (stderr by default). */
  echo?: (message: string) => void;
  now?: () => Date;
}

export class BerthLog {
  readonly file: string | null;
  private readonly ring: BerthLogEntry[] = [];
  private readonly capacity: number;
  private readonly maxFileBytes: number;
  private readonly keep: number;
  private fileBytes = -1;
  private fileBroken = false;

  constructor(private readonly options: BerthLogOptions) {
    this.file = options.logsDir ? path.join(options.logsDir, BERTH_LOG_FILE) : null;
    this.capacity = options.capacity ?? 2000;
    this.maxFileBytes = options.maxFileBytes ?? 5 * 2 ** 20;
    this.keep = options.keep ?? 3;
  }

  /** The function services take as `log`: kept, and echoed. */
  readonly log = (message: string, level: LogLevel = 'info'): void => {
    this.record(message, level);
    this.options.echo?.(message);
  };

  /** Kept in the ring and the file only: for what is worth reading later but not worth a line on the console. */
  readonly record = (message: string, level: LogLevel = 'info'): void => {
    const entry: BerthLogEntry = { time: (this.options.now?.() ?? new Date()).toISOString(), level, message };
    this.ring.push(entry);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    this.append(formatEntry(entry));
  };

  /** The ring's entries, oldest first (a copy). */
  entries(): BerthLogEntry[] {
    return this.ring.map((entry) => ({ ...entry }));
  }

  private append(line: string): void {
    if (!this.file || this.fileBroken) return;
    try {
      if (this.fileBytes < 0) {
        mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
        this.fileBytes = sizeOf(this.file);
      }
      const bytes = Buffer.byteLength(line);
      if (this.fileBytes > 0 && this.fileBytes + bytes > this.maxFileBytes) this.rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
      this.fileBytes += bytes;
    } catch (error) {
      // A log that cannot be written must not take Berth down; say so once, in memory.
      this.fileBroken = true;
      this.ring.push({ time: new Date().toISOString(), level: 'warn', message: `cannot write ${this.file}: ${(error as Error).message}` });
    }
  }

  private rotate(): void {
    const file = this.file!;
    rmSync(`${file}.${this.keep}`, { force: true });
    for (let n = this.keep - 1; n >= 1; n--) renameIfPresent(`${file}.${n}`, `${file}.${n + 1}`);
    renameIfPresent(file, `${file}.1`);
    this.fileBytes = 0;
  }
}

export function formatEntry(entry: BerthLogEntry): string {
  return `${entry.time} ${entry.level.toUpperCase().padEnd(5)} ${entry.message.replace(/\n/g, '\n    ')}\n`;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
