/**
 * The port forwarder: follows Docker's own view of running containers and
 * keeps a host listener for every published port.
 *
 * Events make it quick (a start opens the container's listeners after one
 * inspect; a die/stop/destroy closes them at once); reconciling against the
 * list of running containers makes it right (at start-up, after the event
 * stream broke, after a resume, after the bind policy changed).
 */
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { PortBinding, PortBindPolicy, PortForward } from '../../../preload/contract';
import { toContainerSummary } from '../docker/grouping';
import type { GuestDialer } from './dialer';
import { ForwardTable } from './forward-table';
import { forwardRules, type ForwardRule } from './rules';

export interface PortForwarderDeps {
  docker: Dockerode;
  dialer: GuestDialer;
  policy: () => PortBindPolicy;
  /** Called with the whole table after each change (counters at most once a second). */
  publish: (forwards: PortForward[]) => void;
  log: (message: string) => void;
}

const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 5_000];
const COUNTER_PUSH_MS = 1_000;
const STOPPED_ACTIONS = new Set(['die', 'stop', 'destroy']);
const CHANGED_ACTIONS = new Set(['start', 'unpause', 'restart']);

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export class PortForwarder {
  private readonly table: ForwardTable;
  private events: Readable | null = null;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly counterTimer: NodeJS.Timeout;
  private lastPublished = '';

  constructor(private readonly deps: PortForwarderDeps) {
    this.table = new ForwardTable(deps.dialer, () => this.publishNow());
    this.counterTimer = setInterval(() => this.publishIfChanged(), COUNTER_PUSH_MS);
    this.counterTimer.unref();
  }

  /** Starts following the engine; resolves once the first reconcile is done. */
  async start(): Promise<void> {
    await this.follow();
  }

  list(): PortForward[] {
    return this.table.snapshot();
  }

  /** Brings the table in line with the running containers. */
  reconcile(): Promise<void> {
    return this.serially(async () => {
      const running = await this.deps.docker.listContainers({ all: false });
      const policy = this.deps.policy();
      const rules = running.flatMap((raw) => forwardRules(toContainerSummary(raw, null), policy));
      await this.table.setAll(rules);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    clearInterval(this.counterTimer);
    this.events?.destroy();
    await this.table.close();
  }

  private async follow(): Promise<void> {
    const stream = (await this.deps.docker.getEvents({
      filters: { type: ['container', 'network'] },
    })) as Readable;
    if (this.closed) return void stream.destroy();
    this.events = stream;
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (line.trim()) this.route(JSON.parse(line) as EngineEvent);
    });
    const lost = (): void => {
      if (this.events !== stream || this.closed) return;
      this.events = null;
      this.scheduleReconnect();
    };
    stream.on('error', lost);
    stream.on('close', lost);
    // Following first, listing second: nothing that happens in between is missed.
    await this.reconcile();
    this.reconnectAttempt = 0;
  }

  private route(event: EngineEvent): void {
    const action = (event.Action ?? '').split(':')[0]!;
    if (event.Type === 'container' && event.Actor?.ID) {
      const id = event.Actor.ID;
      if (STOPPED_ACTIONS.has(action)) void this.serially(() => this.table.setContainer(id, []));
      else if (CHANGED_ACTIONS.has(action)) void this.serially(() => this.syncContainer(id));
    } else if (event.Type === 'network' && (action === 'connect' || action === 'disconnect')) {
      const id = event.Actor?.Attributes?.container;
      if (id) void this.serially(() => this.syncContainer(id));
    }
  }

  private async syncContainer(id: string): Promise<void> {
    let rules: ForwardRule[] = [];
    try {
      const info = await this.deps.docker.getContainer(id).inspect();
      if (info.State.Running) {
        const name = info.Name.replace(/^\//, '');
        rules = forwardRules({ id: info.Id, name, ports: publishedPorts(info.NetworkSettings.Ports) }, this.deps.policy());
      }
    } catch {
      // Gone already: it has no forwards.
    }
    await this.table.setContainer(id, rules);
  }

  private scheduleReconnect(): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt++, RECONNECT_DELAYS_MS.length - 1)]!;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closed) return;
      this.follow().catch((error: Error) => {
        this.deps.log(`port forwarder: the engine's events are not available (${error.message}); retrying`);
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch((error: Error) => this.deps.log(`port forwarder: ${error.message}`));
    return run;
  }

  private publishNow(): void {
    const forwards = this.table.snapshot();
    this.lastPublished = JSON.stringify(forwards);
    this.deps.publish(forwards);
  }

  private publishIfChanged(): void {
    const forwards = this.table.snapshot();
    const text = JSON.stringify(forwards);
    if (text === this.lastPublished) return;
    this.lastPublished = text;
    this.deps.publish(forwards);
  }
}

type InspectPorts = Record<string, Array<{ HostIp: string; HostPort: string }> | null> | undefined;

/** Docker's inspect form ("80/tcp": [{HostIp, HostPort}]) as PortBindings. */
export function publishedPorts(ports: InspectPorts): PortBinding[] {
  const bindings: PortBinding[] = [];
  for (const [spec, hosts] of Object.entries(ports ?? {})) {
    const [port, protocol] = spec.split('/');
    for (const host of hosts ?? []) {
      bindings.push({
        containerPort: Number(port),
        protocol: protocol === 'udp' || protocol === 'sctp' ? protocol : 'tcp',
        hostIp: host.HostIp || null,
        hostPort: Number(host.HostPort) || null,
      });
    }
  }
  return bindings;
}
