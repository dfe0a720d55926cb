/**
 * The Troubleshoot page's service: log excerpts, the diagnostics bundle (a
 * .tar.gz written under the state folder, then downloaded, saved or copied by
 * whichever client asked), and the factory reset.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import packageJson from '../../../package.json';
import {
  BerthError,
  type BackendKind,
  type DiagnosticsBundle,
  type LogExcerpt,
  type LogSource,
  type ResetPlan,
  type ResetResult,
  type SavedBundle,
} from '../../../preload/contract';
import { dockerOptionsFromHost } from '../docker/connection';
import type { EngineService } from '../engine/engine-service';
import { candidateDirs } from '../image/locate';
import type { BerthPaths } from '../paths';
import type { SettingsStore } from '../settings/store';
import { qemuBinary } from '../vm/qemu-args';
import { runForOutput, type RunCommand } from '../vm/run-command';
import type { BerthLog } from './berth-log';
import { bundleBaseName, bundleEntries, type CollectedParts, type FileDocument } from './bundle-contents';
import { readLogExcerpt, tailFile, vmInstance } from './log-sources';
import { tarGz } from './tar-gz';

export interface TroubleshootDeps {
  paths: BerthPaths;
  settings: SettingsStore;
  engine: EngineService;
  berthLog: BerthLog;
  resourcesDir: string | null;
  /** Which backend `auto` means here now (berth.ts's resolveAuto). */
  resolveAuto(): Promise<BackendKind>;
  /** The desktop app's save dialog; absent in the web host and the CLI, which save their own way. */
  chooseSavePath?: (defaultName: string) => Promise<string | null>;
  run?: RunCommand;
}

/** Only names Berth gives its bundles are served or copied: never a path from a client. */
export const BUNDLE_NAME = /^berth-diagnostics-\d{8}-\d{6}(-\d{1,3})?\.tar\.gz$/;
const KEEP_BUNDLES = 5;
const DOCKER_TIMEOUT_MS = 10_000;
const DAEMON_LOG = 'berth-daemon.log';

export class TroubleshootService {
  private readonly run: RunCommand;

  constructor(private readonly deps: TroubleshootDeps) {
    this.run = deps.run ?? runForOutput;
  }

  get bundlesDir(): string {
    return path.join(this.deps.paths.stateDir, 'diagnostics');
  }

  getLog(source: LogSource, maxLines: number): Promise<LogExcerpt> {
    return readLogExcerpt(source, maxLines, this.logDeps());
  }

  async createBundle(): Promise<DiagnosticsBundle> {
    const parts = await this.collect();
    const entries = bundleEntries(parts);
    const archive = tarGz(entries);
    await fs.mkdir(this.bundlesDir, { recursive: true, mode: 0o700 });
    const base = bundleBaseName(parts.createdAt);
    let fileName = `${base}.tar.gz`;
    for (let n = 2; await exists(path.join(this.bundlesDir, fileName)); n++) fileName = `${base}-${n}.tar.gz`;
    const file = path.join(this.bundlesDir, fileName);
    await fs.writeFile(file, archive, { mode: 0o600 });
    await this.pruneBundles();
    this.deps.berthLog.log(`diagnostics bundle written: ${file} (${archive.length} bytes)`);
    return { fileName, path: file, sizeBytes: archive.length, createdAt: parts.createdAt.toISOString(), entries: entries.map((e) => e.name) };
  }

  /** The path of a bundle Berth made, by its file name; not-found for anything else. */
  async bundlePath(fileName: string): Promise<string> {
    const file = path.join(this.bundlesDir, fileName);
    if (!BUNDLE_NAME.test(fileName) || !(await exists(file))) {
      throw new BerthError('not-found', `No diagnostics bundle named ${JSON.stringify(fileName)}; create a new one.`);
    }
    return file;
  }

  /** Desktop app: asks where to save the bundle, and copies it there. */
  async saveBundle(fileName: string): Promise<SavedBundle> {
    const source = await this.bundlePath(fileName);
    if (!this.deps.chooseSavePath) {
      throw new BerthError('not-supported', 'Only the desktop app has a save dialog: in a browser the bundle downloads, and `berth diagnose --output FILE` saves one from a terminal.');
    }
    const target = await this.deps.chooseSavePath(fileName);
    if (!target) return { savedTo: null };
    await fs.copyFile(source, target);
    return { savedTo: target };
  }

  async resetPlan(): Promise<ResetPlan> {
    const status = this.deps.engine.getStatus();
    const choice = this.deps.settings.get().backend;
    const backend = status.backend ?? (choice === 'auto' ? await this.deps.resolveAuto() : choice);
    const disk = vmInstance(this.deps.paths).dataDisk;
    const stat = await fs.stat(disk).catch(() => null);
    const dataDisk = stat ? { path: disk, sizeBytes: Math.min(stat.size, stat.blocks * 512) } : null;
    let note: string | null = null;
    if (backend === 'native') {
      note =
        "Berth uses this host's own Docker Engine: a reset never erases that engine's containers, images or volumes. " +
        (dataDisk ? "Erasing removes Berth's own VM disk and resets Berth's settings." : "It resets Berth's settings only.");
    } else if (!dataDisk) {
      note = "Berth's VM has no data disk yet: there are no containers, images or volumes to erase.";
    }
    return { backend, dataDisk, settingsFile: this.deps.settings.snapshot().path, note };
  }

  /**
   * Stops the engine, erases the VM's data disk when asked, puts every setting
   * back to its default, and starts the engine again if it was running (the
   * answer comes once the start has begun).
   */
  async factoryReset(eraseData: boolean): Promise<ResetResult> {
    const { engine, settings, berthLog } = this.deps;
    const plan = await this.resetPlan();
    const before = engine.getStatus().state;
    const wasRunning = before === 'running' || before === 'paused';
    berthLog.log(`factory reset (${eraseData ? 'erasing' : 'keeping'} containers, images and volumes); engine was ${before}`);
    await engine.stop();
    const erased: string[] = [];
    const kept: string[] = [];
    if (plan.dataDisk) {
      if (eraseData) {
        await fs.rm(plan.dataDisk.path, { force: true });
        erased.push(`the VM's data disk ${plan.dataDisk.path} (its containers, images, volumes and build cache)`);
      } else {
        kept.push(`the VM's data disk ${plan.dataDisk.path} (its containers, images, volumes and build cache)`);
      }
    }
    if (plan.backend === 'native') kept.push("the host Docker Engine's containers, images and volumes (Berth never erases them)");
    const { version: _version, ...defaults } = settings.defaultSettings();
    await settings.update(defaults);
    await fs.rm(`${plan.settingsFile}.bak`, { force: true });
    erased.push(`Berth's settings (${plan.settingsFile}): back to their defaults`);
    berthLog.log(`factory reset done; erased: ${erased.join('; ')}`);
    if (wasRunning) {
      // Not awaited: a VM can take minutes to boot, and its progress reaches every client as engine events.
      engine.start().catch((error: Error) => berthLog.log(`engine did not start after the reset: ${error.message}`, 'error'));
    }
    // Stopped, or starting again: the client follows the rest through engine:state-changed.
    return { erased, kept, engine: engine.getStatus() };
  }

  private logDeps() {
    // A stopped engine's log is still the one of the backend the settings name (the host's, for native).
    const backend = () => this.deps.engine.getStatus().backend ?? (this.deps.settings.get().backend === 'native' ? 'native' : null);
    return { paths: this.deps.paths, berthLog: this.deps.berthLog, backend, run: this.run };
  }

  private async collect(): Promise<CollectedParts> {
    const createdAt = new Date();
    const status = this.deps.engine.getStatus();
    const docker = status.dockerHost && (status.state === 'running' || status.state === 'paused') ? new Dockerode(dockerOptionsFromHost(status.dockerHost)) : null;
    const [dockerVersion, dockerInfo, qemu, guestImage, engineLog, serialLog, qemuLog, berthFile, daemonFile, settingsFile, settingsBackup] = await Promise.all([
      docker ? settle(() => docker.version()) : Promise.resolve({ ok: false as const, reason: `The engine is ${status.state}.` }),
      docker ? settle(() => docker.info()) : Promise.resolve({ ok: false as const, reason: `The engine is ${status.state}: no \`docker info\`.` }),
      this.qemuVersion(),
      this.guestImageManifest(),
      readLogExcerpt('engine', 2000, this.logDeps()),
      readLogExcerpt('serial', 5000, this.logDeps()),
      readLogExcerpt('qemu', 2000, this.logDeps()),
      this.deps.berthLog.file ? tailFile(this.deps.berthLog.file, 5000) : Promise.resolve(null),
      tailFile(path.join(this.deps.paths.logsDir, DAEMON_LOG), 5000),
      readDocument(this.deps.paths.settingsFile),
      readDocument(`${this.deps.paths.settingsFile}.bak`),
    ]);
    const berthLog = berthFile
      ? { source: 'berth' as const, path: this.deps.berthLog.file, ...berthFile, note: null }
      : await readLogExcerpt('berth', 5000, this.logDeps());
    return {
      createdAt,
      versions: {
        berth: packageJson.version,
        node: process.versions.node,
        electron: process.versions.electron ?? null,
        os: { platform: process.platform, release: os.release(), arch: process.arch },
        docker: dockerVersion.ok ? dockerVersion.value : { unavailable: dockerVersion.reason },
        qemu,
        guestImage,
      },
      engineStatus: status,
      dockerInfo,
      settings: this.deps.settings.get(),
      settingsFile,
      settingsBackup,
      berthLog,
      daemonLog: daemonFile ? { source: 'berth', path: path.join(this.deps.paths.logsDir, DAEMON_LOG), ...daemonFile, note: null } : null,
      engineLog,
      serialLog,
      qemuLog,
    };
  }

  private async qemuVersion(): Promise<string | null> {
    const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
    const output = await this.run(qemuBinary(arch), ['--version']);
    return output?.split('\n')[0]?.trim() || null;
  }

  /** The first guest image manifest found where the VM looks for one (not verified: that hashes gigabytes). */
  private async guestImageManifest(): Promise<unknown> {
    const dirs = candidateDirs({
      settingsPath: this.deps.settings.get().guestImagePath,
      resourcesDir: this.deps.resourcesDir,
      cacheDir: this.deps.paths.cacheDir,
    });
    for (const dir of dirs) {
      const text = await fs.readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => null);
      if (text === null) continue;
      try {
        return { dir, manifest: JSON.parse(text) as unknown };
      } catch {
        return { dir, manifest: 'manifest.json does not parse' };
      }
    }
    return { dir: null, manifest: `no guest image found (looked in ${dirs.join(', ')})` };
  }

  private async pruneBundles(): Promise<void> {
    const names = (await fs.readdir(this.bundlesDir)).filter((name) => BUNDLE_NAME.test(name));
    const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await fs.stat(path.join(this.bundlesDir, name))).mtimeMs })));
    dated.sort((a, b) => b.mtime - a.mtime);
    for (const old of dated.slice(KEEP_BUNDLES)) await fs.rm(path.join(this.bundlesDir, old.name), { force: true });
  }
}

async function settle<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DOCKER_TIMEOUT_MS / 1000} s`)), DOCKER_TIMEOUT_MS);
  });
  try {
    return { ok: true, value: await Promise.race([work(), timeout]) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

async function readDocument(file: string): Promise<FileDocument> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return { kind: 'missing' };
  }
  try {
    return { kind: 'json', value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return { kind: 'unparsable', bytes: Buffer.byteLength(text) };
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
