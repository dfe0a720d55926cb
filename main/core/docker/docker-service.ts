/**
 * Everything Berth asks of a Docker Engine, in the contract's terms. Each
 * failure comes out as a BerthError (see errors.ts).
 */
import type Dockerode from 'dockerode';
import type {
  ContainerInspect,
  ContainerSummary,
  EngineInfo,
  ImageSummary,
  LogSubscription,
  StatsSubscription,
  VolumeSummary,
} from '../../../preload/contract';
import type { EventBus } from '../events';
import type { Session } from '../rpc/session';
import { Containers, type RemoveOptions } from './containers';
import { DiskUsageProbe } from './disk-usage';
import { Images } from './images';
import { Logs, type LogsParams } from './logs';
import { Networks } from './networks';
import { StatsWatch } from './stats';
import { SystemInfo } from './system';
import { Volumes, type CreateVolumeOptions } from './volumes';
import { watchEngine } from './watcher';

export type { CreateVolumeOptions, LogsParams, RemoveOptions };

export class DockerService {
  private readonly containers: Containers;
  private readonly images: Images;
  private readonly volumes: Volumes;
  private readonly logs: Logs;
  private readonly stats: StatsWatch;
  private readonly system: SystemInfo;

  constructor(
    private readonly docker: Dockerode,
    private readonly bus: EventBus,
  ) {
    const diskUsage = new DiskUsageProbe(docker);
    this.containers = new Containers(docker);
    this.images = new Images(docker);
    this.volumes = new Volumes(docker, diskUsage);
    this.logs = new Logs(docker, this.containers);
    this.stats = new StatsWatch(docker);
    this.system = new SystemInfo(docker, diskUsage);
  }

  listContainers(all: boolean): Promise<ContainerSummary[]> {
    return this.containers.list(all);
  }
  inspectContainer(id: string): Promise<ContainerInspect> {
    return this.containers.inspect(id);
  }
  startContainer(id: string): Promise<void> {
    return this.containers.start(id);
  }
  stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    return this.containers.stop(id, timeoutSeconds);
  }
  restartContainer(id: string, timeoutSeconds?: number): Promise<void> {
    return this.containers.restart(id, timeoutSeconds);
  }
  pauseContainer(id: string): Promise<void> {
    return this.containers.pause(id);
  }
  unpauseContainer(id: string): Promise<void> {
    return this.containers.unpause(id);
  }
  killContainer(id: string, signal?: string): Promise<void> {
    return this.containers.kill(id, signal);
  }
  removeContainer(id: string, options: RemoveOptions): Promise<void> {
    return this.containers.remove(id, options);
  }

  subscribeLogs(params: LogsParams, session: Session): Promise<LogSubscription> {
    return this.logs.subscribe(params, session);
  }
  unsubscribeLogs(subscriptionId: string, session: Session): Promise<void> {
    return this.logs.unsubscribe(subscriptionId, session);
  }

  watchStats(ids: string[], session: Session): Promise<StatsSubscription> {
    return this.stats.watch(ids, session);
  }

  listImages(): Promise<ImageSummary[]> {
    return this.images.list();
  }
  removeImage(id: string, force: boolean): Promise<void> {
    return this.images.remove(id, force);
  }

  listVolumes(): Promise<VolumeSummary[]> {
    return this.volumes.list();
  }
  createVolume(options: CreateVolumeOptions): Promise<VolumeSummary> {
    return this.volumes.create(options);
  }
  removeVolume(name: string, force: boolean): Promise<void> {
    return this.volumes.remove(name, force);
  }

  info(): Promise<EngineInfo> {
    return this.system.info();
  }
  ping(): Promise<void> {
    return this.system.ping();
  }
  /** The engine's client itself, for image-ops.ts, image-pull.ts and run-container.ts, which keep no state here. */
  client(): Dockerode {
    return this.docker;
  }

  /** Publishes fresh lists on the bus as the engine reports changes; returns the way to stop. */
  watch(onLost: (error: Error) => void): () => void {
    const sources = {
      containers: () => this.containers.listForWatcher(),
      images: () => this.images.list(),
      volumes: () => this.volumes.list(),
      networks: () => new Networks(this.docker).list(),
      forgetContainer: (id: string) => this.containers.forget(id),
      container: (id: string) => this.containers.summary(id),
    };
    // While the watcher follows the engine, an unchanged container list is answered from memory.
    this.containers.follow(true);
    const stop = watchEngine(this.docker, this.bus, sources, (error) => {
      this.containers.follow(false);
      onLost(error);
    });
    return () => {
      this.containers.follow(false);
      stop();
    };
  }
}
