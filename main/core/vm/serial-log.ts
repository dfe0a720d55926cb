/**
 * The guest's serial console, written by QEMU to serial.log. It is how Berth
 * learns that the guest is ready (`BERTH-READY docker=<version>`) or why it
 * is not (`BERTH-FAILED <reason>`), and what a user reads when boot fails.
 *
 * Before each start the host rotates the log (serial.log → .1 → .2 → .3), so
 * QEMU starts a fresh file and a READY line from an earlier boot is never
 * mistaken for this one. A rotated log is capped: an oversized one keeps only
 * its end, where the reason for a failure is. The log of the current run is
 * not capped (QEMU writes it directly); it is rotated at the next start.
 */
import { promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { BerthError } from '../../../preload/contract';

export const READY_LINE = /BERTH-READY docker=(\S+)/;
export const FAILED_LINE = /BERTH-FAILED\b\s*(.*)$/;

export interface RotateOptions {
  /** How many earlier logs to keep (serial.log.1 … .keep). */
  keep?: number;
  /** A log larger than this keeps only its last maxBytes when rotated. */
  maxBytes?: number;
}

export async function rotateSerialLog(file: string, { keep = 3, maxBytes = 10 * 2 ** 20 }: RotateOptions = {}): Promise<void> {
  await fs.rm(`${file}.${keep}`, { force: true });
  for (let n = keep - 1; n >= 1; n--) await renameIfPresent(`${file}.${n}`, `${file}.${n + 1}`);
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (size <= maxBytes) {
    await fs.rename(file, `${file}.1`);
    return;
  }
  await fs.writeFile(`${file}.1`, await tailOf(file, size, maxBytes));
  await fs.rm(file);
}

/** The "Kernel panic - not syncing: …" line near the end of the console log, when the guest died of one. */
export async function kernelPanicLine(file: string): Promise<string | null> {
  const size = (await fs.stat(file).catch(() => null))?.size ?? 0;
  if (size === 0) return null;
  const end = size > PANIC_SEARCH_BYTES ? await tailOf(file, size, PANIC_SEARCH_BYTES) : await fs.readFile(file);
  return /Kernel panic - not syncing: [^\r\n]*/.exec(end.toString('utf8'))?.[0].trim() ?? null;
}

/** A panic's last words are within the console's final few KiB. */
const PANIC_SEARCH_BYTES = 16 * 1024;

/** The last `maxBytes` of a file, from the first whole line, under a note saying what was cut. */
async function tailOf(file: string, size: number, maxBytes: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const tail = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(tail, 0, maxBytes, size - maxBytes);
    const newline = tail.subarray(0, bytesRead).indexOf(0x0a);
    const note = Buffer.from(`[berth: the first ${size - maxBytes + newline + 1} bytes of this log were dropped]\n`);
    return Buffer.concat([note, tail.subarray(newline + 1, bytesRead)]);
  } finally {
    await handle.close();
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** Abort when waiting is pointless (QEMU exited); its reason, if an Error, is the rejection. */
  signal?: AbortSignal;
  pollMs?: number;
  /** How many of the log's last lines a failure message quotes. */
  tailLines?: number;
}

/**
 * Follows `file` (which may not exist yet) from its start until a line
 * matches `pattern`, and resolves with that line. Rejects at once on a
 * BERTH-FAILED line, and on timeout, quoting the log's last lines.
 */
export async function waitForSerialLine(file: string, pattern: RegExp, options: WaitOptions): Promise<string> {
  const { timeoutMs, signal, pollMs = 100, tailLines = 20 } = options;
  const deadline = Date.now() + timeoutMs;
  const follower = new LineFollower(file);
  const recent: string[] = [];
  const lastLines = () => [...recent, follower.partial].filter((line) => line !== '').slice(-tailLines).join('\n') || '(the log is empty)';
  for (;;) {
    for (const line of await follower.readLines()) {
      recent.push(line);
      if (recent.length > tailLines) recent.shift();
      const failed = FAILED_LINE.exec(line);
      if (failed) {
        throw new BerthError('engine-unavailable', `The VM failed to start: ${failed[1] || 'no reason given'}. Last lines of ${file}:\n${lastLines()}`);
      }
      if (line.search(pattern) >= 0) return line;
    }
    if (signal?.aborted) {
      throw signal.reason instanceof Error ? signal.reason : new BerthError('internal', 'cancelled while waiting for the VM to boot');
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new BerthError('timeout', `The VM did not report ready within ${timeoutMs / 1000} s. Last lines of ${file}:\n${lastLines()}`);
    }
    await sleep(Math.min(pollMs, left), signal);
  }
}

/** Reads what was appended to a file since the last call, as whole lines. */
class LineFollower {
  partial = '';
  private offset = 0;
  private inode = -1;
  private decoder = new StringDecoder('utf8');

  constructor(private readonly file: string) {}

  async readLines(): Promise<string[]> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      const { size, ino } = await handle.stat();
      // A new file (rotated, QEMU restarted) or a truncated one is read from its start.
      if (ino !== this.inode || size < this.offset) this.restart(ino);
      if (size === this.offset) return [];
      const chunk = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, this.offset);
      this.offset += bytesRead;
      const lines = (this.partial + this.decoder.write(chunk.subarray(0, bytesRead))).split('\n');
      this.partial = lines.pop() ?? '';
      // The kernel writes \r\n to the console.
      return lines.map((line) => line.replace(/\r$/, ''));
    } finally {
      await handle.close();
    }
  }

  private restart(inode: number): void {
    this.inode = inode;
    this.offset = 0;
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
