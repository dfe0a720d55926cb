/**
 * Composition root: builds every service of main/core, wires them to the bus,
 * and owns their lifetimes. The Electron shell, the web host, the CLI and the
 * tests all start here.
 */
import { randomUUID } from 'node:crypto';
import { VolumeSaves, type SaveRequest } from './docker/volume-saves';
import { EngineService } from './engine/engine-service';
import { hostEngineAnswers, NativeBackend } from './engine/native';
import { QemuBackend } from './engine/qemu';
import { ResourceWatch } from './engine/resource-watch';
import { EventBus } from './events';
import { hostPaths, type BerthPaths } from './paths';
import { createDispatch, type Dispatch } from './rpc/dispatch';
import { PortsService } from './ports/ports-service';
import { SharesService } from './sharing/shares-service';
import { createHandlers, type WebUiHost } from './rpc/handlers';
import { BerthError } from '../../preload/contract';
import { Session, type SessionOptions, type StreamSink } from './rpc/session';
import { hostFacts } from './settings/schema';
import { SettingsStore } from './settings/store';
import { BerthLog } from './troubleshoot/berth-log';
import { logEngineTransitions } from './troubleshoot/engine-transitions';
import { TerminalsService } from './terminals/terminals-service';
import { TroubleshootService } from './troubleshoot/troubleshoot-service';

export interface Berth {
  readonly paths: BerthPaths;
  readonly bus: EventBus;
  readonly engine: EngineService;
  readonly settings: SettingsStore;
  /** Logs, the diagnostics bundle and factory reset (the web host serves bundles from it). */
  readonly troubleshoot: TroubleshootService;
  /** Validates and runs one contract call on behalf of `session`. */
  readonly dispatch: Dispatch;
  /**
   * A new client; stream events for it go to `sink`. Close it when the client goes.
   * A transport that can tell when it is behind passes `options.congested`.
   */
  openSession(sink: StreamSink, options?: SessionOptions): Session;
  /** Closes every session and the engine (and what it owns); collects all failures. */
  dispose(): Promise<void>;
}

export interface BerthOptions {
  env?: NodeJS.ProcessEnv;
  /** The packaged app's resources folder (a guest image may ship in it). */
  resourcesDir?: string | null;
  /** Start the engine (per settings) right away. Hosts do; one-shot CLI commands decide per command. */
  autoStart?: boolean;
  log?: (message: string) => void;
  /** The desktop app's save dialog, for the diagnostics bundle; hosts without one leave it out. */
  chooseSavePath?: (defaultName: string) => Promise<string | null>;
  /** The desktop app's save dialog for a volume's file or tar; hosts without one leave it out. */
  chooseVolumeSavePath?: (request: SaveRequest) => Promise<string | null>;
  /** Serves the web UI from this Berth on request (`web:open`); hosts that cannot leave it out. */
  webUi?: WebUiHost;
}

/** The answer of a Berth that serves no web UI (the desktop app). */
const NO_WEB_UI: WebUiHost = {
  open: () => Promise.reject(new BerthError('not-supported', 'The running Berth is the desktop app, which serves no web UI: use its window, or quit it and run `berth web`.')),
};

export async function createBerth(options: BerthOptions = {}): Promise<Berth> {
  const env = options.env ?? process.env;
  const echo = options.log ?? ((message: string) => console.error(`berth: ${message}`));
  const paths = hostPaths(env);
  // Every message also lands in Berth's own log (a ring for the UI, berth.log on disk).
  const berthLog = new BerthLog({ logsDir: paths.logsDir, echo });
  const log = berthLog.log;
  const bus = new EventBus();
  logEngineTransitions(bus, berthLog.record);
  const settings = await SettingsStore.load(paths.settingsFile, hostFacts(), bus);
  for (const warning of settings.snapshot().warnings) log(warning);

  const ports = new PortsService({ bus, policy: () => settings.get().portBindPolicy, log });
  const engine = new EngineService({
    bus,
    settings,
    log,
    ports,
    createBackend: (kind) => {
      if (kind === 'native') return new NativeBackend(env.DOCKER_HOST);
      const backend: QemuBackend = new QemuBackend({
        paths,
        settings: () => settings.get(),
        resourcesDir: options.resourcesDir ?? null,
        env,
        log,
        warn: (message) => engine.addWarning(message),
        onVmExit: (reason) => void engine.vmExited(backend, reason),
      });
      return backend;
    },
    // A host engine that answers wins; otherwise Berth runs its own VM.
    resolveAuto: async () => ((await hostEngineAnswers(env.DOCKER_HOST)) ? 'native' : 'qemu'),
    // A host dockerd that comes back is picked up again; a VM that failed is not rebooted behind the user's back.
    engineAnswers: async (kind) => kind === 'native' && hostEngineAnswers(env.DOCKER_HOST),
  });
  const troubleshoot = new TroubleshootService({
    paths,
    settings,
    engine,
    berthLog,
    resourcesDir: options.resourcesDir ?? null,
    resolveAuto: async () => ((await hostEngineAnswers(env.DOCKER_HOST)) ? 'native' : 'qemu'),
    chooseSavePath: options.chooseSavePath,
  });
  const dispatch = createDispatch(createHandlers({ engine, settings, resources: new ResourceWatch(() => engine.sampleGuest()), ports, shares: new SharesService(engine, settings), troubleshoot, terminals: new TerminalsService({ engine, env }), volumeSaves: new VolumeSaves({ engine, chooseSavePath: options.chooseVolumeSavePath }), web: options.webUi ?? NO_WEB_UI }));
  const sessions = new Set<Session>();

  if (options.autoStart) {
    // A failed start is an `error` state the UI shows; nothing to throw here.
    engine.start().catch((error: Error) => log(`engine did not start: ${error.message}`));
  }

  return {
    paths,
    bus,
    engine,
    settings,
    troubleshoot,
    dispatch,
    openSession(sink: StreamSink, sessionOptions: SessionOptions = {}) {
      const session = new Session(randomUUID(), sink, sessionOptions);
      sessions.add(session);
      session.own('berth:registry', () => void sessions.delete(session));
      return session;
    },
    async dispose() {
      const results = await Promise.allSettled([...[...sessions].map((s) => s.close()), engine.dispose()]);
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      if (errors.length > 0) throw new AggregateError(errors, `${errors.length} part(s) of Berth failed to shut down`);
    },
  };
}
