/**
 * Follows the engine's /events stream and turns it into fresh lists on the
 * bus: the UI learns of every change without polling.
 */
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { BerthError, type ContainerSummary, type ImageSummary, type NetworkSummary, type VolumeSummary } from '../../../preload/contract';
import type { EventBus } from '../events';
import { Coalescer } from './coalesce';
import { ContainerPatches } from './container-patches';
import { toBerthError } from './errors';

/** Bursts of events (compose up, prune) become one re-list per kind. */
export const RELIST_DELAY_MS = 100;

export interface ListSources {
  containers(): Promise<ContainerSummary[]>;
  images(): Promise<ImageSummary[]>;
  volumes(): Promise<VolumeSummary[]>;
  /** Networks with their containers (optional: a watcher without it leaves network events alone). */
  networks?(): Promise<NetworkSummary[]>;
  /** A container's state changed: whatever is cached about it is stale. */
  forgetContainer(id: string): void;
  /** One container's summary, null when it is gone (optional: without it, changes wait for the full list). */
  container?(id: string): Promise<ContainerSummary | null>;
}

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string };
}

// Container events that change nothing a list shows (exec, attach, copying files).
const QUIET_CONTAINER_ACTIONS = new Set([
  'exec_create', 'exec_start', 'exec_die', 'exec_detach', 'attach', 'detach',
  'resize', 'top', 'archive-path', 'extract-to-dir', 'export', 'copy',
]);
// Mounting changes neither a volume's size nor how many containers use it.
const QUIET_VOLUME_ACTIONS = new Set(['mount', 'unmount']);

export function watchEngine(
  docker: Dockerode,
  bus: EventBus,
  sources: ListSources,
  onLost: (error: Error) => void,
): () => void {
  const container = sources.container?.bind(sources);
  const patches = container ? new ContainerPatches(container, (change) => bus.emit('containers:summary-changed', change)) : null;
  const relist = {
    containers: new Coalescer(
      async () => bus.emit('containers:list-changed', await (patches ? patches.list(() => sources.containers()) : sources.containers())),
      RELIST_DELAY_MS,
    ),
    images: new Coalescer(async () => bus.emit('images:list-changed', await sources.images()), RELIST_DELAY_MS),
    volumes: new Coalescer(async () => bus.emit('volumes:list-changed', await sources.volumes()), RELIST_DELAY_MS),
    networks: new Coalescer(async () => {
      if (sources.networks) bus.emit('networks:list-changed', await sources.networks());
    }, RELIST_DELAY_MS),
  };
  let stream: Readable | null = null;
  let disposed = false;

  const dispose = (): void => {
    disposed = true;
    patches?.stop();
    for (const coalescer of Object.values(relist)) coalescer.stop();
    stream?.destroy();
  };
  const lose = (error: Error): void => {
    if (disposed) return;
    dispose();
    onLost(error);
  };

  const route = (event: EngineEvent): void => {
    const action = (event.Action ?? '').split(':')[0]!;
    if (event.Type === 'container' && !QUIET_CONTAINER_ACTIONS.has(action)) {
      if (event.Actor?.ID) {
        sources.forgetContainer(event.Actor.ID);
        patches?.changed(event.Actor.ID);
      }
      relist.containers.request();
      // Images count their containers and volumes their users; commit makes an image.
      if (action === 'create' || action === 'destroy' || action === 'commit') relist.images.request();
      if (action === 'create' || action === 'destroy') relist.volumes.request();
      // Networks list their containers by name and state; joining and leaving come as network events.
      if (action === 'create' || action === 'destroy' || action === 'rename' || action === 'start' || action === 'die') relist.networks.request();
    } else if (event.Type === 'image') {
      relist.images.request();
    } else if (event.Type === 'volume' && !QUIET_VOLUME_ACTIONS.has(action)) {
      relist.volumes.request();
    } else if (event.Type === 'network') {
      relist.networks.request();
    }
  };

  const filters = { type: ['container', 'image', 'volume', 'network'] as Array<'container' | 'image' | 'volume' | 'network'> };
  docker.getEvents({ filters }).then(
    (events) => {
      stream = events as Readable;
      if (disposed) {
        stream.destroy();
        return;
      }
      const lines = new NdjsonReader(route);
      stream.on('data', (chunk: Buffer) => lines.push(chunk));
      stream.on('error', (error: Error) => lose(toBerthError(error, 'engine events')));
      stream.on('close', () => lose(new BerthError('engine-unavailable', 'The Docker engine closed its event stream')));
      // Connected first, listed second: nothing that happens in between is missed.
      for (const coalescer of Object.values(relist)) coalescer.request();
    },
    (error: unknown) => lose(toBerthError(error, 'engine events')),
  );
  return dispose;
}

/** One JSON document per line; a chunk may end anywhere. */
class NdjsonReader {
  private readonly decoder = new TextDecoder();
  private partial = '';

  constructor(private readonly onEvent: (event: EngineEvent) => void) {}

  push(chunk: Uint8Array): void {
    const lines = (this.partial + this.decoder.decode(chunk, { stream: true })).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        this.onEvent(JSON.parse(line) as EngineEvent);
      } catch (error) {
        console.error('berth: unreadable engine event:', line, error);
      }
    }
  }
}
