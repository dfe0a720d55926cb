/** Live resource use of containers, streamed only while someone watches. */

/** One sample of one container, as the docker CLI's `docker stats` shows it. */
export interface ContainerStats {
  id: string;
  /** Of one CPU, so 250 means two and a half CPUs busy (as `docker stats`). */
  cpuPercent: number;
  /** Usage without the inactive page cache (as `docker stats`). */
  memoryUsedBytes: number;
  /** The container's limit, or the engine's memory when it has none. */
  memoryLimitBytes: number;
  networkRxBytes: number;
  networkTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
  /** Epoch ms, from the engine's own clock. */
  sampledAt: number;
}

export interface StatsSubscription {
  subscriptionId: string;
}
