/**
 * A minimal ustar writer, gzipped: enough for a diagnostics bundle of regular
 * files that any `tar -xzf` (GNU, bsdtar, Windows' tar.exe) extracts. Names
 * are short relative paths Berth chooses; folders are implied by them and
 * written as entries so every extractor creates them.
 */
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  /** A relative path with / separators, at most 100 bytes. */
  name: string;
  content: Buffer | string;
  /** Seconds since the epoch. */
  mtime?: number;
}

const BLOCK = 512;

export function tarGz(entries: TarEntry[]): Buffer {
  return gzipSync(tar(entries));
}

export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  const dirs = new Set<string>();
  for (const entry of entries) {
    checkName(entry.name);
    const mtime = entry.mtime ?? Math.floor(Date.now() / 1000);
    const segments = entry.name.split('/');
    for (let i = 1; i < segments.length; i++) {
      const dir = `${segments.slice(0, i).join('/')}/`;
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      parts.push(header(dir, 0, mtime, '5', 0o755));
    }
    const body = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
    parts.push(header(entry.name, body.length, mtime, '0', 0o644), body, Buffer.alloc(padding(body.length)));
  }
  parts.push(Buffer.alloc(BLOCK * 2)); // the end-of-archive marker
  return Buffer.concat(parts);
}

function checkName(name: string): void {
  if (!name || name.startsWith('/') || name.split('/').some((s) => s === '' || s === '.' || s === '..') || Buffer.byteLength(name) > 100) {
    throw new Error(`tar entry name ${JSON.stringify(name)} must be a relative path of at most 100 bytes`);
  }
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function header(name: string, size: number, mtime: number, type: '0' | '5', mode: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  octal(block, 100, 8, mode);
  octal(block, 108, 8, 0); // uid
  octal(block, 116, 8, 0); // gid
  octal(block, 124, 12, size);
  octal(block, 136, 12, mtime);
  block.fill(' ', 148, 156); // the checksum counts itself as spaces
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'binary');
  block.write('berth', 265, 32, 'ascii'); // uname
  block.write('berth', 297, 32, 'ascii'); // gname
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'binary');
  return block;
}

function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'ascii');
}

/** The files in a tar (not gzipped), for tests and for listing: name and content. */
export function readTar(archive: Buffer): { name: string; content: Buffer }[] {
  const files: { name: string; content: Buffer }[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const name = block.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(block.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(block[156] ?? 0x30);
    offset += BLOCK;
    if (type === '0' || type === '\0') files.push({ name, content: Buffer.from(archive.subarray(offset, offset + size)) });
    offset += size + padding(size);
  }
  return files;
}
