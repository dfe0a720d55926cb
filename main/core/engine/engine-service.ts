/**
 * The engine state machine: stopped → starting → running → stopping →
 * stopped, plus paused and error. Transitions run one at a time; each one
 * publishes `engine:state-changed` so the UI, the tray and the CLI agree.
 */
import {
  BerthError,
  type BackendKind,
  type EngineInfo,
  type EngineProgress,
  type EngineStatus,
} from '../../../preload/contract';
import { DockerService } from '../docker/docker-service';
import type { EventBus } from '../events';
import type { PortsService } from '../ports/ports-service';
import type { SettingsStore } from '../settings/store';
import type { GuestChannel } from '../vm/guest-channel';
import type { GuestSample } from '../vm/guest-resources';
import type { EngineBackend, EngineConnection } from './backend';

export interface EngineServiceDeps {
  bus: EventBus;
  settings: SettingsStore;
  /** Builds the backend for a kind; throws a BerthError when it is not available. */
  createBackend(kind: BackendKind): EngineBackend;
  /** Which backend `auto` means on this machine right now. */
  resolveAuto(): Promise<BackendKind>;
  /**
   * Whether an engine of this kind looks reachable again, checked quietly
   * before a reconnect attempt (a host dockerd that was down). Absent: never
   * retry on our own (a VM that failed to boot needs the user).
   */
  engineAnswers?: (kind: BackendKind) => Promise<boolean>;
  /** Wraps a connection in the Docker service; tests pass a fake. */
  createDockerService?: (connection: EngineConnection, bus: EventBus) => DockerService;
  /** Forwards the engine's published ports while it runs; absent in tests that do not need it. */
  ports?: PortsService;
  log?: (message: string) => void;
}

const STOPPED: EngineStatus = {
  state: 'stopped',
  backend: null,
  dockerHost: null,
  progress: null,
  error: null,
  warnings: [],
  vm: null,
};

const RECONNECT_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export class EngineService {
  private status: EngineStatus = STOPPED;
  private backend: EngineBackend | null = null;
  private docker: DockerService | null = null;
  private stopWatching: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private abort: AbortController | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectAttempt = 0;

  constructor(private readonly deps: EngineServiceDeps) {}

  getStatus(): EngineStatus {
    return structuredClone(this.status);
  }

  /** The Docker service of the running engine, or a clear error saying how to start it. */
  dockerService(): DockerService {
    const { state, error } = this.status;
    if (this.docker && (state === 'running' || state === 'paused')) return this.docker;
    const why: Record<string, string> = {
      starting: 'The engine is still starting; try again in a moment.',
      stopping: 'The engine is stopping.',
      error: `The engine is not available: ${error}`,
    };
    throw new BerthError(
      'engine-unavailable',
      why[state] ?? 'The engine is stopped. Start it from the dashboard, the tray menu or `berth start`.',
    );
  }

  info(): Promise<EngineInfo> {
    return this.dockerService().info();
  }

  /** One reading of the VM's own use; refused when no VM runs. */
  sampleGuest(): Promise<GuestSample> {
    const backend = this.backend;
    if (!backend || this.status.state !== 'running') {
      return Promise.reject(new BerthError('engine-unavailable', `The engine is ${this.status.state}.`));
    }
    if (!backend.sampleGuest) {
      return Promise.reject(
        new BerthError('not-supported', "Resource figures come from Berth's VM; the native backend runs none."),
      );
    }
    return backend.sampleGuest();
  }

  /** The VM's guest channel, for a shell in the VM; refused, saying why, when no VM runs. */
  guestChannel(): GuestChannel {
    const backend = this.backend;
    if (!backend || this.status.state !== 'running') {
      throw new BerthError('engine-unavailable', `The engine is ${this.status.state}; start it to open a VM shell.`);
    }
    if (backend.channel === undefined) {
      throw new BerthError(
        'not-supported',
        `A VM shell needs Berth's own VM (the qemu backend); this engine is the ${backend.kind} backend, which runs no VM. ` +
          'Open a host terminal instead, or choose the qemu backend in Settings.',
      );
    }
    if (!backend.channel || backend.channel.isClosed) {
      throw new BerthError('engine-unavailable', "The VM's guest channel is not open; restart the engine.");
    }
    return backend.channel;
  }

  /** Host folders whose sharing daemon ended while the VM ran (empty when none did, or no VM runs). */
  shareFailures(): ReadonlyMap<string, string> {
    return (this.status.state === 'running' || this.status.state === 'paused') && this.backend?.shareFailures ? this.backend.shareFailures() : new Map();
  }

  /**
   * The backend's VM itself ended (QEMU crashed or was killed): unlike a lost
   * Docker, nothing will answer again, so stop reattaching, release what the
   * engine held (ports, the socket bridge) and say what happened.
   */
  vmExited(backend: EngineBackend, reason: string): Promise<void> {
    return this.serially(async () => {
      // A start or restart queued before this may already have replaced that backend.
      if (this.backend !== backend || !['running', 'paused', 'error'].includes(this.status.state)) return;
      this.cancelReconnect();
      this.detachDocker();
      await this.deps.ports?.detach();
      await backend.stop(() => undefined).catch((error: Error) => this.deps.log?.(`cleaning up after the VM failed: ${error.message}`));
      this.backend = null;
      this.deps.settings.clearApplied();
      this.set({ state: 'error', progress: null, error: `The VM stopped unexpectedly: ${reason}. Start the engine again (\`berth start\`, or Start in the tray).` });
    });
  }

  /** A problem that arose while the engine runs: shown with its status until the next start. */
  addWarning(message: string): void {
    if (this.status.state !== 'running' && this.status.state !== 'paused') return;
    if (!this.status.warnings.includes(message)) this.set({ warnings: [...this.status.warnings, message] });
  }

  start(): Promise<EngineStatus> {
    return this.serially(() => this.doStart());
  }

  stop(): Promise<EngineStatus> {
    this.cancelReconnect();
    // A start in progress is aborted rather than waited for.
    this.abort?.abort();
    return this.serially(() => this.doStop());
  }

  restart(): Promise<EngineStatus> {
    this.cancelReconnect();
    return this.serially(async () => {
      await this.doStop();
      return this.doStart();
    });
  }

  pause(): Promise<EngineStatus> {
    return this.serially(async () => {
      const backend = this.requireState('running', 'pause');
      if (!backend.pause) throw notSupported(backend.kind, 'pause');
      await backend.pause();
      return this.set({ state: 'paused', progress: null });
    });
  }

  resume(): Promise<EngineStatus> {
    return this.serially(async () => {
      const backend = this.requireState('paused', 'resume');
      if (!backend.resume) throw notSupported(backend.kind, 'resume');
      await backend.resume();
      // Whatever changed while the VM was frozen (or timed out in it) is caught up.
      this.deps.ports?.reconcile();
      return this.set({ state: 'running', progress: null });
    });
  }

  /** Stops the engine (and whatever the backend owns) for good. */
  async dispose(): Promise<void> {
    this.cancelReconnect();
    this.abort?.abort();
    await this.serially(() => this.doStop());
  }

  private async doStart(): Promise<EngineStatus> {
    if (this.status.state === 'running' || this.status.state === 'paused') return this.getStatus();
    if (this.backend?.reconnect && this.status.state === 'error') {
      this.cancelReconnect();
      const reattached = await this.reattachOrDrop(this.backend);
      if (reattached) return reattached;
    }
    const abort = (this.abort = new AbortController());
    const report = (progress: EngineProgress) => this.set({ state: 'starting', progress });
    let kind: BackendKind | null = null;
    try {
      this.set({ state: 'starting', error: null, progress: { step: 'choose', message: 'Choosing the engine backend', fraction: 0 } });
      // What this start uses; changes saved while it runs are pending after it.
      const used = this.deps.settings.get();
      const choice = used.backend;
      kind = choice === 'auto' ? await this.deps.resolveAuto() : choice;
      const backend = this.deps.createBackend(kind);
      this.set({ state: 'starting', backend: kind, error: null, warnings: [] });
      const connection = await backend.start(report, abort.signal);
      if (abort.signal.aborted) {
        await backend.stop(() => undefined);
        return this.getStatus();
      }
      this.backend = backend;
      this.deps.settings.markApplied(kind, used);
      return this.connected(connection);
    } catch (error) {
      this.detachDocker();
      this.backend = null;
      if (abort.signal.aborted) {
        // A stop cancelled this start; the stop queued behind it reports the new state.
        throw new BerthError('conflict', 'The start was cancelled by a stop.');
      }
      const message = error instanceof Error ? error.message : String(error);
      this.deps.settings.clearApplied();
      this.set({ state: 'error', progress: null, error: message });
      if (kind && !abort.signal.aborted && !this.reconnectTimer) this.scheduleReconnect(kind);
      throw error instanceof BerthError ? error : new BerthError('engine-unavailable', message);
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  private async doStop(): Promise<EngineStatus> {
    const backend = this.backend;
    if (!backend) {
      this.detachDocker();
      await this.deps.ports?.detach();
      return this.set({ ...STOPPED });
    }
    const report = (progress: EngineProgress) => this.set({ state: 'stopping', progress });
    report({ step: 'stop', message: 'Stopping the engine', fraction: 0 });
    this.detachDocker();
    try {
      // Host ports are released before the VM goes, so they are free the moment stop returns.
      await this.deps.ports?.detach();
      await backend.stop(report);
    } finally {
      this.backend = null;
      this.deps.settings.clearApplied();
      this.set({ ...STOPPED });
    }
    return this.getStatus();
  }

  /** Serves `connection` as the running engine: Docker service, port forwarding, state. */
  private connected(connection: EngineConnection): EngineStatus {
    const createDocker = this.deps.createDockerService ?? ((c, bus) => new DockerService(c.docker, bus));
    this.attachDocker(createDocker(connection, this.deps.bus));
    this.deps.ports?.attach(connection);
    this.reconnectAttempt = 0;
    return this.set({
      state: 'running',
      error: null,
      dockerHost: connection.dockerHost,
      progress: null,
      warnings: [...connection.warnings], // a copy: the backend may add to its own list later (and says so through addWarning)
      vm: connection.vm ?? null,
    });
  }

  /**
   * A backend kept after its engine was lost (the VM still runs): a start
   * first tries to reattach to it; when Docker there does not answer, the VM
   * is stopped so that the start boots a fresh one rather than leave it behind.
   */
  private async reattachOrDrop(backend: EngineBackend): Promise<EngineStatus | null> {
    try {
      const connection = await backend.reconnect!();
      this.deps.log?.('engine reconnected');
      return this.connected(connection);
    } catch (error) {
      this.deps.log?.(`the lost engine's VM does not answer (${(error as Error).message}); stopping it`);
      await backend.stop(() => undefined).catch((failure: Error) => this.deps.log?.(`stopping it failed: ${failure.message}`));
      this.backend = null;
      this.deps.settings.clearApplied();
      return null;
    }
  }

  private attachDocker(docker: DockerService): void {
    this.docker = docker;
    this.stopWatching = docker.watch((error: Error) => this.onEngineLost(error));
  }

  private detachDocker(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    this.docker = null;
  }

  /** The engine stopped answering: say so, then keep trying to reconnect quietly. */
  private onEngineLost(error: Error): void {
    if (this.status.state !== 'running' && this.status.state !== 'paused') return;
    this.deps.log?.(`engine lost: ${error.message}`);
    this.detachDocker();
    void this.deps.ports?.detach();
    const backend = this.backend;
    if (backend?.reconnect) {
      // The VM still runs: keep it (a stop must end it, never orphan it) and reattach once Docker there answers.
      this.set({ state: 'error', progress: null, error: `Lost the Docker Engine: ${error.message}. Reconnecting…` });
      this.scheduleReattach(backend);
      return;
    }
    this.backend = null;
    this.deps.settings.clearApplied();
    const kind = this.status.backend;
    this.set({ state: 'error', progress: null, error: `Lost the Docker Engine: ${error.message}. Reconnecting…` });
    if (kind) this.scheduleReconnect(kind);
  }

  /** While in `error`, quietly check whether the engine answers again, and start when it does. */
  private scheduleReconnect(kind: BackendKind): void {
    const answers = this.deps.engineAnswers;
    if (!answers) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)]!;
    this.reconnectAttempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void (async () => {
        if (this.status.state !== 'error') return;
        if (!(await answers(kind).catch(() => false))) return this.scheduleReconnect(kind);
        await this.serially(async () => (this.status.state === 'error' ? this.doStart() : this.getStatus())).catch(
          () => undefined, // doStart scheduled the next attempt
        );
      })();
    }, delay);
    this.reconnectTimer.unref();
  }

  /** While in `error` with the VM kept, quietly try to reattach to Docker in it. */
  private scheduleReattach(backend: EngineBackend): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)]!;
    this.reconnectAttempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.serially(async () => {
        if (this.status.state !== 'error' || this.backend !== backend) return;
        try {
          this.connected(await backend.reconnect!());
          this.deps.log?.('engine reconnected');
        } catch {
          this.scheduleReattach(backend);
        }
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private cancelReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.reconnectAttempt = 0;
  }

  private requireState(state: 'running' | 'paused', verb: string): EngineBackend {
    if (this.status.state !== state || !this.backend) {
      throw new BerthError('conflict', `Cannot ${verb} the engine while it is ${this.status.state}.`);
    }
    return this.backend;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private set(change: Partial<EngineStatus>): EngineStatus {
    this.status = { ...this.status, ...change };
    this.deps.bus.emit('engine:state-changed', this.getStatus());
    return this.getStatus();
  }
}

function notSupported(kind: BackendKind, verb: string): BerthError {
  return new BerthError(
    'not-supported',
    kind === 'native'
      ? `The native backend uses your host's own Docker Engine, which Berth does not ${verb}.`
      : `The ${kind} backend cannot ${verb}.`,
  );
}
