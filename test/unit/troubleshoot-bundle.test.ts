import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LogExcerpt } from '../../preload/contract';
import { bundleBaseName, bundleEntries, type CollectedParts } from '../../main/core/troubleshoot/bundle-contents';
import { readTar, tar, tarGz } from '../../main/core/troubleshoot/tar-gz';

const log = (source: LogExcerpt['source'], lines: string[], note: string | null = null): LogExcerpt => ({
  source,
  path: `/state/${source}.log`,
  lines,
  truncated: false,
  note,
});

function parts(overrides: Partial<CollectedParts> = {}): CollectedParts {
  return {
    createdAt: new Date('2026-12-04T16:44:44.123Z'),
    versions: { berth: '0.1.0', node: '20.19.0', docker: { Version: '28.0.0' }, qemu: null, guestImage: null },
    engineStatus: { state: 'running', backend: 'native' },
    dockerInfo: { ok: true, value: { ServerVersion: '28.0.0', HttpProxy: 'http://bob:pw@proxy:3128' } },
    settings: { backend: 'auto', cpus: 2 },
    settingsFile: { kind: 'json', value: { version: 1, backend: 'auto' } },
    settingsBackup: { kind: 'missing' },
    berthLog: log('berth', ['2026-12-04T16:00:00.000Z INFO  web host at http://127.0.0.1:4100/?token=SECRET']),
    daemonLog: null,
    engineLog: log('engine', [], 'The system journal has no Docker Engine log this user can read.'),
    serialLog: log('serial', ['BERTH-READY docker=28.0.0']),
    qemuLog: log('qemu', []),
    ...overrides,
  };
}

const names = (p: CollectedParts) => bundleEntries(p).map((e) => e.name.replace(/^[^/]+\//, ''));

describe('bundleEntries', () => {
  it('lists the same files every time, in one folder named like the archive', () => {
    const entries = bundleEntries(parts());
    expect(bundleBaseName(parts().createdAt)).toBe('berth-diagnostics-20261204-164444');
    expect(entries.every((e) => e.name.startsWith('berth-diagnostics-20261204-164444/'))).toBe(true);
    expect(names(parts())).toEqual([
      'README.txt',
      'versions.json',
      'engine-status.json',
      'docker-info.json',
      'settings.json',
      'settings-file.json',
      'logs/berth.log',
      'logs/engine.log',
      'logs/vm-serial.log',
      'logs/vm-qemu.log',
    ]);
  });

  it('adds the daemon log and a kept-aside settings file when there are some, and says when docker info is missing', () => {
    const listed = names(
      parts({
        daemonLog: log('berth', ['daemon 42 serving /run/berth.sock']),
        settingsBackup: { kind: 'json', value: { cpus: 'many' } },
        settingsFile: { kind: 'unparsable', bytes: 12 },
        dockerInfo: { ok: false, reason: 'The engine is stopped.' },
      }),
    );
    expect(listed).toContain('logs/berth-daemon.log');
    expect(listed).toContain('settings-file.bak.json');
    expect(listed).toContain('settings-file.txt');
    expect(listed).toContain('docker-info.txt');
    expect(listed).not.toContain('docker-info.json');
    expect(listed).not.toContain('settings-file.json');
  });

  it('redacts every file, and the README names each one', () => {
    const entries = bundleEntries(parts({ settingsFile: { kind: 'json', value: { registryToken: 'tok-1', backend: 'qemu' } } }));
    const all = entries.map((e) => String(e.content)).join('\n');
    expect(all).not.toContain('SECRET');
    expect(all).not.toContain('bob:pw');
    expect(all).not.toContain('tok-1');
    expect(all).toContain('[redacted]');
    const readme = String(entries[0]!.content);
    for (const name of names(parts()).slice(1)) expect(readme).toContain(name);
    const engineLog = entries.find((e) => e.name.endsWith('logs/engine.log'))!;
    expect(String(engineLog.content)).toContain('# The system journal has no Docker Engine log');
  });
});

describe('tar', () => {
  it('round-trips files through gzip, with folders implied by their names', () => {
    const archive = tarGz([
      { name: 'b/README.txt', content: 'hello\n' },
      { name: 'b/logs/x.log', content: Buffer.alloc(1000, 0x61) },
    ]);
    const files = readTar(gunzipSync(archive));
    expect(files.map((f) => f.name)).toEqual(['b/README.txt', 'b/logs/x.log']);
    expect(files[0]!.content.toString()).toBe('hello\n');
    expect(files[1]!.content.length).toBe(1000);
  });

  it('writes valid header checksums', () => {
    const block = tar([{ name: 'a.txt', content: 'x' }]).subarray(0, 512);
    const stored = parseInt(block.subarray(148, 156).toString('ascii'), 8);
    const copy = Buffer.from(block);
    copy.fill(' ', 148, 156);
    expect(copy.reduce((sum, byte) => sum + byte, 0)).toBe(stored);
  });

  it('refuses names that could escape the folder it is extracted in', () => {
    for (const name of ['/etc/passwd', '../x', 'a/../../x', '', `${'a'.repeat(101)}`]) {
      expect(() => tar([{ name, content: '' }]), name).toThrow(/relative path/);
    }
  });
});
