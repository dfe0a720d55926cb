/**
 * What goes into a diagnostics bundle, as a pure function of what was
 * collected: a folder named like the archive, holding a README that says what
 * each file is (and what could not be collected), the versions, the engine's
 * status and `docker info`, the settings with secrets redacted, and the logs.
 * Every text passes through the redaction rules on its way in.
 */
import type { LogExcerpt } from '../../../preload/contract';
import { redactText, redactValue } from './redact';
import type { TarEntry } from './tar-gz';

/** A JSON document read from a file: parsed, not there, or there but not JSON (never copied raw: it could hold anything). */
export type FileDocument = { kind: 'json'; value: unknown } | { kind: 'missing' } | { kind: 'unparsable'; bytes: number };

export interface CollectedParts {
  createdAt: Date;
  versions: Record<string, unknown>;
  engineStatus: unknown;
  /** The engine's /info, or why there is none. */
  dockerInfo: { ok: true; value: unknown } | { ok: false; reason: string };
  /** The settings Berth uses now. */
  settings: unknown;
  settingsFile: FileDocument;
  /** A settings file that did not validate, kept aside by the store. */
  settingsBackup: FileDocument;
  /** berth.log on disk (earlier runs included); falls back to the in-memory ring. */
  berthLog: LogExcerpt;
  /** The background Berth's stdout, when `berth start` ran one. */
  daemonLog: LogExcerpt | null;
  engineLog: LogExcerpt;
  serialLog: LogExcerpt;
  qemuLog: LogExcerpt;
}

export function bundleBaseName(createdAt: Date): string {
  // 2026-12-04T16:44:44.123Z → 20261204-164444: sortable, and safe in every file system.
  const stamp = createdAt.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `berth-diagnostics-${stamp}`;
}

export function bundleEntries(parts: CollectedParts): TarEntry[] {
  const dir = bundleBaseName(parts.createdAt);
  const mtime = Math.floor(parts.createdAt.getTime() / 1000);
  const files: { name: string; about: string; content: string }[] = [];
  const json = (value: unknown) => `${JSON.stringify(redactValue(value), null, 2)}\n`;
  const add = (name: string, about: string, content: string) => files.push({ name, about, content });

  add('versions.json', 'Berth, Node.js, OS, Docker Engine, QEMU and guest-image versions', json(parts.versions));
  add('engine-status.json', "the engine's state as Berth reports it", json(parts.engineStatus));
  if (parts.dockerInfo.ok) add('docker-info.json', "`docker info` of the engine Berth runs (the API's /info)", json(parts.dockerInfo.value));
  else add('docker-info.txt', '`docker info`: not available', `${redactText(parts.dockerInfo.reason)}\n`);
  add('settings.json', 'the settings in use, secrets redacted', json(parts.settings));
  addDocument('settings-file.json', 'settings.json as it is on disk, secrets redacted', parts.settingsFile, add);
  addDocument('settings-file.bak.json', 'a settings file that did not validate and was kept aside, secrets redacted', parts.settingsBackup, add);
  add('logs/berth.log', "Berth's own log", logText(parts.berthLog));
  if (parts.daemonLog) add('logs/berth-daemon.log', "the background Berth's output (berth start with no app running)", logText(parts.daemonLog));
  add('logs/engine.log', "the Docker Engine's log", logText(parts.engineLog));
  add('logs/vm-serial.log', "the VM's console (the guest kernel, its init, dockerd's start)", logText(parts.serialLog));
  add('logs/vm-qemu.log', "QEMU's own messages", logText(parts.qemuLog));

  const readme = [
    `Berth diagnostics, created ${parts.createdAt.toISOString()}.`,
    'Secrets (passwords, tokens, credentials in URLs) are replaced by [redacted].',
    '',
    ...files.map((file) => `${file.name.padEnd(24)} ${file.about}`),
    '',
  ].join('\n');
  return [{ name: 'README.txt', content: readme }, ...files].map((file) => ({ name: `${dir}/${file.name}`, content: file.content, mtime }));
}

function addDocument(name: string, about: string, doc: FileDocument, add: (name: string, about: string, content: string) => void): void {
  if (doc.kind === 'missing') return;
  if (doc.kind === 'json') add(name, about, `${JSON.stringify(redactValue(doc.value), null, 2)}\n`);
  else add(name.replace(/\.json$/, '.txt'), about, `The file (${doc.bytes} bytes) is not valid JSON; it is left out because it could hold anything.\n`);
}

function logText(excerpt: LogExcerpt): string {
  const head = [
    `# source: ${excerpt.path ?? "Berth's memory"}`,
    ...(excerpt.truncated ? ['# earlier lines left out'] : []),
    ...(excerpt.note ? [`# ${excerpt.note}`] : []),
  ];
  return redactText([...head, ...excerpt.lines, ''].join('\n'));
}
