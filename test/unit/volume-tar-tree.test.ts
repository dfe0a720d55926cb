/** The tar header reader and the volume tree built from an archive listing. */
import { describe, expect, it } from 'vitest';
import { looksLikeTar, parsePax, TarFormatError, TarReader, type TarEntry } from '../../main/core/docker/tar-reader';
import { buildVolumeTree, relativeEntryPath } from '../../main/core/docker/volume-tree';
import { visibleRows } from '../../renderer/src/lib/volume-tree-view';

interface Spec {
  name: string;
  type?: '0' | '2' | '5' | 'x' | 'L';
  body?: string | Uint8Array;
  link?: string;
  mtime?: number;
}

/** A ustar header as Go's archive/tar (the engine) writes one. */
function header(spec: Spec, size: number): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, offset: number, length: number) => block.set(new TextEncoder().encode(text).subarray(0, length), offset);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  put(spec.name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(spec.mtime ?? 1_700_000_000, 12), 136, 12);
  put('        ', 148, 8);
  put(spec.type ?? '0', 156, 1);
  put(spec.link ?? '', 157, 100);
  put('ustar\u000000', 257, 8);
  const sum = block.reduce((a, b) => a + b, 0);
  put(`${octal(sum, 7)}\0`, 148, 8);
  return block;
}

function tar(specs: Spec[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const spec of specs) {
    const body = typeof spec.body === 'string' ? new TextEncoder().encode(spec.body) : (spec.body ?? new Uint8Array(0));
    parts.push(header(spec, body.length), body, new Uint8Array((512 - (body.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

function paxRecord(key: string, value: string): string {
  const tail = ` ${key}=${value}\n`;
  let length = tail.length + 1;
  while (`${length}${tail}`.length !== length) length++;
  return `${length}${tail}`;
}

function read(archive: Uint8Array, chunkSize = archive.length): { entries: TarEntry[]; data: string; reader: TarReader } {
  const entries: TarEntry[] = [];
  let data = '';
  const reader = new TarReader({ entry: (e) => entries.push(e), data: (chunk) => (data += new TextDecoder().decode(chunk)) });
  for (let at = 0; at < archive.length; at += chunkSize) reader.push(archive.subarray(at, at + chunkSize));
  reader.end();
  return { entries, data, reader };
}

const SAMPLE: Spec[] = [
  { name: './', type: '5' },
  { name: './hello.txt', body: 'hello\n' },
  { name: './link', type: '2', link: 'hello.txt' },
  { name: './sub/', type: '5' },
  { name: './sub/deep/', type: '5' },
  { name: './sub/zeros.bin', body: new Uint8Array(5000) },
];

describe('TarReader', () => {
  it('lists entries with types, sizes, times and link targets, and ends on the two zero blocks', () => {
    const { entries, reader } = read(tar(SAMPLE));
    expect(entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ['./', 'directory', 0],
      ['./hello.txt', 'file', 6],
      ['./link', 'symlink', 0],
      ['./sub/', 'directory', 0],
      ['./sub/deep/', 'directory', 0],
      ['./sub/zeros.bin', 'file', 5000],
    ]);
    expect(entries[2]!.linkName).toBe('hello.txt');
    expect(entries[1]!.mtimeMs).toBe(1_700_000_000_000);
    expect(reader.finished).toBe(true);
  });

  it('gives the same result whatever the chunk boundaries, and hands over file bytes', () => {
    const archive = tar([{ name: 'a.txt', body: 'x'.repeat(700) }, { name: 'b.txt', body: 'yz' }]);
    for (const size of [1, 7, 511, 512, 513, 4096]) {
      const { entries, data } = read(archive, size);
      expect(entries.map((e) => e.name)).toEqual(['a.txt', 'b.txt']);
      expect(data).toBe(`${'x'.repeat(700)}yz`);
    }
  });

  it('takes long names from PAX and GNU headers', () => {
    const long = `./${'d'.repeat(120)}/file.txt`;
    const { entries } = read(
      tar([
        { name: 'PaxHeaders/x', type: 'x', body: paxRecord('path', long) + paxRecord('mtime', '1700000001.5') },
        { name: long.slice(0, 99), body: 'pax' },
        { name: '././@LongLink', type: 'L', body: `${long}-gnu\0` },
        { name: 'short', body: 'gnu' },
      ]),
    );
    expect(entries.map((e) => e.name)).toEqual([long, `${long}-gnu`]);
    expect(entries[0]!.mtimeMs).toBe(1_700_000_001_500);
  });

  it('refuses what is not a tar, and an archive cut mid-entry', () => {
    expect(() => read(new TextEncoder().encode('junk'.repeat(200)))).toThrow(TarFormatError);
    const cut = tar([{ name: 'big', body: 'z'.repeat(2000) }]).subarray(0, 1000);
    expect(() => read(cut)).toThrow(/ended in the middle/);
  });

  it('parses PAX records whose values hold spaces and = signs', () => {
    expect(parsePax(paxRecord('path', 'a b=c') + paxRecord('size', '12'))).toEqual({ path: 'a b=c', size: '12' });
  });

  it('sniffs uploads: tar, gzip, or neither', () => {
    expect(looksLikeTar(tar(SAMPLE))).toBe('tar');
    expect(looksLikeTar(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(looksLikeTar(new TextEncoder().encode('hello'.repeat(100)))).toBeNull();
  });
});

describe('buildVolumeTree', () => {
  it('nests entries, sums directory sizes and sorts directories first', () => {
    const root = buildVolumeTree(read(tar(SAMPLE)).entries);
    expect(root.path).toBe('');
    expect(root.sizeBytes).toBe(5006);
    expect(root.children.map((c) => [c.name, c.kind, c.sizeBytes])).toEqual([
      ['sub', 'directory', 5000],
      ['hello.txt', 'file', 6],
      ['link', 'symlink', 0],
    ]);
    const sub = root.children[0]!;
    expect(sub.path).toBe('sub');
    expect(sub.children.map((c) => c.path)).toEqual(['sub/deep', 'sub/zeros.bin']);
    expect(root.children[2]!.linkTarget).toBe('hello.txt');
  });

  it('makes up directories a listing names only through their files', () => {
    const root = buildVolumeTree(read(tar([{ name: './a/b/c.txt', body: 'abc' }])).entries);
    expect(root.children[0]!.name).toBe('a');
    expect(root.children[0]!.children[0]!.children[0]!.path).toBe('a/b/c.txt');
    expect(root.children[0]!.sizeBytes).toBe(3);
  });

  it('gives paths from the volume root when the archive was taken below it', () => {
    const root = buildVolumeTree(read(tar([{ name: './', type: '5' }, { name: './x.txt', body: 'x' }])).entries, 'sub/deep');
    expect(root.path).toBe('sub/deep');
    expect(root.name).toBe('deep');
    expect(root.children[0]!.path).toBe('sub/deep/x.txt');
  });

  it('normalises archive names', () => {
    expect(relativeEntryPath('./')).toBe('');
    expect(relativeEntryPath('./a/b/')).toBe('a/b');
    expect(relativeEntryPath('a//b')).toBe('a/b');
  });
});

describe('visibleRows', () => {
  it('shows the top level, and what is under each open directory, indented', () => {
    const root = buildVolumeTree(read(tar(SAMPLE)).entries);
    const rows = (open: string[]) => visibleRows(root, new Set(open)).map((r) => `${r.depth}:${r.entry.path}`);
    expect(rows([])).toEqual(['0:sub', '0:hello.txt', '0:link']);
    expect(rows(['sub'])).toEqual(['0:sub', '1:sub/deep', '1:sub/zeros.bin', '0:hello.txt', '0:link']);
    // An open directory inside a closed one stays hidden.
    expect(rows(['sub/deep'])).toEqual(['0:sub', '0:hello.txt', '0:link']);
  });
});
