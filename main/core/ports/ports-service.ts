/**
 * The forwarder's lifetime follows the engine's: attached when an engine
 * comes up, closed (every listener released) before it goes down. Publishes
 * the table as `ports:forwards-changed`.
 */
import type { PortBindPolicy, PortsStatus } from '../../../preload/contract';
import type { EngineConnection } from '../engine/backend';
import type { EventBus } from '../events';
import { PortForwarder } from './port-forwarder';

export interface PortsServiceDeps {
  bus: EventBus;
  policy: () => PortBindPolicy;
  log: (message: string) => void;
}

export class PortsService {
  private forwarder: PortForwarder | null = null;
  private mode: PortsStatus['mode'] = 'off';
  private problem: string | null = null;

  constructor(private readonly deps: PortsServiceDeps) {
    // The bind policy applies live: a changed setting re-listens on the new addresses.
    let policy = deps.policy();
    deps.bus.on('settings:snapshot-changed', () => {
      if (deps.policy() === policy) return;
      policy = deps.policy();
      this.reconcile();
    });
  }

  status(): PortsStatus {
    return { mode: this.mode, problem: this.problem, forwards: this.forwarder?.list() ?? [] };
  }

  /** An engine is up: forward its published ports when it lives in a VM. */
  attach(connection: EngineConnection): void {
    this.mode = connection.vm ? 'forwarded' : 'direct';
    this.problem = connection.portProblem ?? null;
    if (connection.portDialer) {
      const forwarder = new PortForwarder({
        docker: connection.docker,
        dialer: connection.portDialer,
        policy: this.deps.policy,
        publish: (forwards) => this.deps.bus.emit('ports:forwards-changed', { mode: this.mode, problem: this.problem, forwards }),
        log: this.deps.log,
      });
      this.forwarder = forwarder;
      forwarder.start().catch((error: Error) => this.deps.log(`port forwarder: first reconcile failed: ${error.message}`));
    }
    this.publish();
  }

  /** After a resume, or anything else that may have changed what runs. */
  reconcile(): void {
    this.forwarder?.reconcile().catch((error: Error) => this.deps.log(`port forwarder: reconcile failed: ${error.message}`));
  }

  /** Releases every host port; resolves when they are free. */
  async detach(): Promise<void> {
    const forwarder = this.forwarder;
    this.forwarder = null;
    this.mode = 'off';
    this.problem = null;
    await forwarder?.close();
    this.publish();
  }

  private publish(): void {
    this.deps.bus.emit('ports:forwards-changed', this.status());
  }
}
