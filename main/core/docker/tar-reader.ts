/**
 * A streaming reader of tar headers (ustar, PAX and GNU long names), enough
 * to list what the engine's archive endpoint sends and to pull one file's
 * bytes out of it without holding the archive in memory. Pure: no I/O.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  name: string;
  type: TarEntryType;
  size: number;
  mtimeMs: number;
  linkName: string | null;
}

export interface TarHandlers {
  entry(entry: TarEntry): void;
  /** A piece of the current entry's body (files only). */
  data?(chunk: Uint8Array, entry: TarEntry): void;
}

const BLOCK = 512;

type State =
  | { kind: 'header' }
  | { kind: 'body'; entry: TarEntry; remaining: number; padding: number }
  | { kind: 'meta'; flag: string; remaining: number; padding: number; parts: Uint8Array[] }
  | { kind: 'skip'; remaining: number }
  | { kind: 'done' };

export class TarFormatError extends Error {}

export class TarReader {
  private state: State = { kind: 'header' };
  private pending: Uint8Array = new Uint8Array(0);
  private pax: Record<string, string> = {};
  private longName: string | null = null;
  private longLink: string | null = null;
  private zeroBlocks = 0;

  constructor(private readonly handlers: TarHandlers) {}

  /** True once the two zero blocks that end an archive were read. */
  get finished(): boolean {
    return this.state.kind === 'done';
  }

  push(chunk: Uint8Array): void {
    let input = chunk;
    while (input.length > 0 && this.state.kind !== 'done') {
      const state = this.state;
      if (state.kind === 'header') {
        const need = BLOCK - this.pending.length;
        const take = input.subarray(0, need);
        this.pending = concat(this.pending, take);
        input = input.subarray(take.length);
        if (this.pending.length === BLOCK) {
          const block = this.pending;
          this.pending = new Uint8Array(0);
          this.readHeader(block);
        }
      } else if (state.kind === 'body' || state.kind === 'meta') {
        if (state.remaining > 0) {
          const take = input.subarray(0, state.remaining);
          input = input.subarray(take.length);
          state.remaining -= take.length;
          if (state.kind === 'body') this.handlers.data?.(take, state.entry);
          else state.parts.push(take.slice());
        }
        if (state.remaining === 0) {
          if (state.kind === 'meta') this.readMeta(state.flag, concatAll(state.parts));
          this.state = state.padding > 0 ? { kind: 'skip', remaining: state.padding } : { kind: 'header' };
        }
      } else if (state.kind === 'skip') {
        const take = Math.min(state.remaining, input.length);
        input = input.subarray(take);
        state.remaining -= take;
        if (state.remaining === 0) this.state = { kind: 'header' };
      }
    }
  }

  /** Throws when the archive stopped in the middle of an entry. */
  end(): void {
    const kind = this.state.kind;
    if (kind === 'done' || (kind === 'header' && this.pending.length === 0)) return;
    throw new TarFormatError('The archive ended in the middle of an entry');
  }

  private readHeader(block: Uint8Array): void {
    if (block.every((b) => b === 0)) {
      this.zeroBlocks++;
      if (this.zeroBlocks >= 2) this.state = { kind: 'done' };
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumMatches(block)) throw new TarFormatError('Not a tar archive (a header checksum does not match)');
    const flag = String.fromCharCode(block[156]!);
    const size = readNumber(block, 124, 12);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size === 0) return this.readMeta(flag, new Uint8Array(0));
      this.state = { kind: 'meta', flag, remaining: size, padding, parts: [] };
      return;
    }
    const magic = readString(block, 257, 6);
    const prefix = magic.startsWith('ustar') ? readString(block, 345, 155) : '';
    const rawName = prefix ? `${prefix}/${readString(block, 0, 100)}` : readString(block, 0, 100);
    const entry: TarEntry = {
      name: this.pax.path ?? this.longName ?? rawName,
      type: typeOf(flag),
      size: this.pax.size !== undefined ? Number(this.pax.size) : size,
      mtimeMs: Math.round((this.pax.mtime !== undefined ? Number(this.pax.mtime) : readNumber(block, 136, 12)) * 1000),
      linkName: flag === '1' || flag === '2' ? (this.pax.linkpath ?? this.longLink ?? readString(block, 157, 100)) : null,
    };
    this.pax = {};
    this.longName = null;
    this.longLink = null;
    this.handlers.entry(entry);
    const bodySize = entry.type === 'file' ? entry.size : size;
    const bodyPadding = (BLOCK - (bodySize % BLOCK)) % BLOCK;
    if (bodySize === 0) return;
    if (entry.type === 'file') this.state = { kind: 'body', entry, remaining: bodySize, padding: bodyPadding };
    else this.state = { kind: 'skip', remaining: bodySize + bodyPadding };
  }

  private readMeta(flag: string, body: Uint8Array): void {
    const text = new TextDecoder().decode(body);
    if (flag === 'L') this.longName = text.replace(/\0+$/, '');
    else if (flag === 'K') this.longLink = text.replace(/\0+$/, '');
    else if (flag === 'x') this.pax = parsePax(text);
    // 'g' (global PAX) sets defaults Berth has no use for.
  }
}

/** PAX records: "<length> <key>=<value>\n", the length counting the whole record. */
export function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  while (at < bytes.length) {
    let space = at;
    while (space < bytes.length && bytes[space] !== 0x20) space++;
    const length = Number(new TextDecoder().decode(bytes.subarray(at, space)));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = new TextDecoder().decode(bytes.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return out;
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

function readString(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

/** Octal, or GNU base-256 (high bit set) for values too big for octal. */
function readNumber(block: Uint8Array, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length);
  if (field[0]! & 0x80) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = readString(block, offset, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumMatches(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return readNumber(block, 148, 8) === sum;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  return parts.reduce((acc, part) => concat(acc, part), new Uint8Array(0));
}

/** Whether the first bytes of an upload look like a tar (ustar magic) or a gzip-compressed one. */
export function looksLikeTar(head: Uint8Array): 'tar' | 'gzip' | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 263 && readString(head, 257, 5) === 'ustar') return 'tar';
  return null;
}
