/** Volume list, creation and removal through dockerode. */
import type Dockerode from 'dockerode';
import type { VolumeSummary } from '../../../preload/contract';
import type { DiskUsageProbe } from './disk-usage';
import { toBerthError } from './errors';
import { HELPER_LABEL } from './volume-helper';

// Sizes are a garnish: the list does not wait long for the engine to measure them.
const SIZE_BUDGET_MS = 1500;

export interface CreateVolumeOptions {
  name?: string;
  driver: string;
  labels: Record<string, string>;
}

export class Volumes {
  constructor(
    private readonly docker: Dockerode,
    private readonly diskUsage: DiskUsageProbe,
  ) {}

  async list(): Promise<VolumeSummary[]> {
    const usage = this.diskUsage.measureWithin(SIZE_BUDGET_MS);
    try {
      const [{ Volumes: volumes }, containers] = await Promise.all([
        this.docker.listVolumes(),
        this.docker.listContainers({ all: true }),
      ]);
      const sizes = (await usage)?.volumeSizes;
      const users = countVolumeUsers(containers);
      return (volumes ?? [])
        .map((v) => toVolumeSummary(v, sizes?.get(v.Name) ?? null, users.get(v.Name) ?? 0))
        .sort((a, b) => a.name.localeCompare(b.name, 'en'));
    } catch (error) {
      throw toBerthError(error, 'volume list');
    }
  }

  async create(options: CreateVolumeOptions): Promise<VolumeSummary> {
    try {
      const volume = await this.docker.createVolume({
        ...(options.name === undefined ? {} : { Name: options.name }),
        Driver: options.driver,
        Labels: options.labels,
      });
      // An existing name is returned as is, so its size and users are not known to be zero.
      return toVolumeSummary(await volume.inspect(), null, null);
    } catch (error) {
      throw toBerthError(error, `volume ${options.name ?? '(new)'}`);
    }
  }

  async remove(name: string, force: boolean): Promise<void> {
    try {
      await this.docker.getVolume(name).remove({ force });
    } catch (error) {
      throw toBerthError(error, `volume ${name}`);
    }
  }
}

// Counts every container that mounts the volume, stopped ones too, as `docker system df` does.
function countVolumeUsers(containers: Dockerode.ContainerInfo[]): Map<string, number> {
  const users = new Map<string, number>();
  for (const c of containers) {
    // Berth's own short-lived volume helpers are not users.
    if (c.Labels?.[HELPER_LABEL]) continue;
    for (const mount of c.Mounts ?? []) {
      if (mount.Type === 'volume' && mount.Name) users.set(mount.Name, (users.get(mount.Name) ?? 0) + 1);
    }
  }
  return users;
}

function toVolumeSummary(
  raw: Dockerode.VolumeInspectInfo,
  sizeBytes: number | null,
  refCount: number | null,
): VolumeSummary {
  const created = (raw as { CreatedAt?: string }).CreatedAt;
  const createdAt = created ? Date.parse(created) : NaN;
  return {
    name: raw.Name,
    driver: raw.Driver,
    mountpoint: raw.Mountpoint,
    createdAt: Number.isNaN(createdAt) ? null : createdAt,
    labels: raw.Labels ?? {},
    sizeBytes,
    refCount,
  };
}
