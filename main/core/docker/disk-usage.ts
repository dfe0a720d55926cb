/**
 * `system df`: how much space images, containers, volumes and build cache
 * take. The engine measures volumes by walking them, which can take long, so
 * callers that only want it as a garnish wait a bounded time.
 */
import type Dockerode from 'dockerode';
import type { DiskUsage } from '../../../preload/contract';
import { toBerthError } from './errors';

export interface DiskUsageReport {
  disk: DiskUsage;
  /** Bytes per volume name; null where the engine did not measure it. */
  volumeSizes: Map<string, number | null>;
}

interface RawDiskUsage {
  LayersSize?: number;
  Containers?: Array<{ SizeRw?: number }> | null;
  Volumes?: Array<{ Name: string; UsageData?: { Size: number } | null }> | null;
  BuildCache?: Array<{ Size?: number; Shared?: boolean }> | null;
}

export class DiskUsageProbe {
  private inFlight: Promise<DiskUsageReport> | null = null;

  constructor(private readonly docker: Dockerode) {}

  /** One `system df` at a time; callers arriving meanwhile share its answer. */
  measure(): Promise<DiskUsageReport> {
    this.inFlight ??= this.docker
      .df()
      .then((raw: RawDiskUsage) => toReport(raw))
      .catch((error: unknown) => {
        throw toBerthError(error, 'disk usage');
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** The report if it comes within `budgetMs`, else null (it is not cancelled). */
  async measureWithin(budgetMs: number): Promise<DiskUsageReport | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budgetMs)));
    try {
      return await Promise.race([this.measure().catch(() => null), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function toReport(raw: RawDiskUsage): DiskUsageReport {
  const volumeSizes = new Map<string, number | null>();
  let volumesBytes = 0;
  for (const v of raw.Volumes ?? []) {
    // -1 means the engine did not measure it.
    const size = v.UsageData && v.UsageData.Size >= 0 ? v.UsageData.Size : null;
    volumeSizes.set(v.Name, size);
    volumesBytes += size ?? 0;
  }
  const imagesBytes = raw.LayersSize ?? 0;
  const containersBytes = sum((raw.Containers ?? []).map((c) => c.SizeRw ?? 0));
  // Shared cache records are counted by the records that own them, as `docker system df` does.
  const buildCacheBytes = sum((raw.BuildCache ?? []).filter((b) => !b.Shared).map((b) => b.Size ?? 0));
  return {
    disk: {
      imagesBytes,
      containersBytes,
      volumesBytes,
      buildCacheBytes,
      totalBytes: imagesBytes + containersBytes + volumesBytes + buildCacheBytes,
    },
    volumeSizes,
  };
}

function sum(values: number[]): number {
  return values.reduce((total, n) => total + Math.max(0, n), 0);
}
