/**
 * Composition root: builds every service of main/core, wires them to the bus,
 * and owns their lifetimes. The Electron shell, the web host, the CLI and the
 * tests all start here.
 */
import { randomUUID } from 'node:crypto';
import { BerthError, type BackendKind } from '../../preload/contract';
import { describeDockerHost, dockerOptionsFromHost } from './docker/connection';
import type { EngineBackend } from './engine/backend';
import { EngineService } from './engine/engine-service';
import { hostEngineAnswers, NativeBackend } from './engine/native';
import { EventBus } from './events';
import { hostPaths, type BerthPaths } from './paths';
import { createDispatch, type Dispatch } from './rpc/dispatch';
import { createHandlers } from './rpc/handlers';
import { Session, type StreamSink } from './rpc/session';
import { hostFacts } from './settings/schema';
import { SettingsStore } from './settings/store';

export interface Berth {
  readonly paths: BerthPaths;
  readonly bus: EventBus;
  readonly engine: EngineService;
  readonly settings: SettingsStore;
  /** Validates and runs one contract call on behalf of `session`. */
  readonly dispatch: Dispatch;
  /** A new client; stream events for it go to `sink`. Close it when the client goes. */
  openSession(sink: StreamSink): Session;
  /** Closes every session and the engine (and what it owns); collects all failures. */
  dispose(): Promise<void>;
}

export interface BerthOptions {
  env?: NodeJS.ProcessEnv;
  /** Start the engine (per settings) right away. Hosts do; one-shot CLI commands decide per command. */
  autoStart?: boolean;
  log?: (message: string) => void;
}

export async function createBerth(options: BerthOptions = {}): Promise<Berth> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.error(`berth: ${message}`));
  const paths = hostPaths(env);
  const bus = new EventBus();
  const settings = await SettingsStore.load(paths.settingsFile, hostFacts(), bus);
  for (const warning of settings.snapshot().warnings) log(warning);

  const engine = new EngineService({
    bus,
    settings,
    log,
    createBackend: (kind) => createBackend(kind, env),
    resolveAuto: () => resolveAuto(env),
  });
  const dispatch = createDispatch(createHandlers(engine, settings));
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
    dispatch,
    openSession(sink: StreamSink) {
      const session = new Session(randomUUID(), sink);
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

function createBackend(kind: BackendKind, env: NodeJS.ProcessEnv): EngineBackend {
  if (kind === 'native') return new NativeBackend(env.DOCKER_HOST);
  throw new BerthError(
    'not-supported',
    'The VM backend (qemu) is not part of this build yet. Set the backend to "native" or "auto" ' +
      '(`berth settings set backend auto`) and run a Docker Engine on this machine.',
  );
}

async function resolveAuto(env: NodeJS.ProcessEnv): Promise<BackendKind> {
  if (await hostEngineAnswers(env.DOCKER_HOST)) return 'native';
  throw new BerthError(
    'engine-unavailable',
    `No Docker Engine answers at ${describeDockerHost(dockerOptionsFromHost(env.DOCKER_HOST))}, and the VM backend is not part of this build yet. ` +
      'Start the host engine (for example `sudo systemctl start docker`) or set DOCKER_HOST.',
  );
}
