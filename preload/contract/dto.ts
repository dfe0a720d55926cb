/** Data shapes that cross the contract. Plain JSON: no classes, no Dates. */

export type EngineState = 'stopped' | 'starting' | 'running' | 'stopping' | 'paused' | 'error';
export type BackendKind = 'native' | 'qemu';

/** One step of a start or stop, for progress bars and `berth start`. */
export interface EngineProgress {
  step: string;
  message: string;
  /** 0..1 of the whole operation. */
  fraction: number;
}

/** What the VM backend adds to the status. */
export interface VmStatus {
  accelerator: 'kvm' | 'hvf' | 'whpx' | 'tcg';
  /** The guest image's version, from its manifest. */
  imageVersion: string;
  cpus: number;
  memoryMiB: number;
  diskGiB: number;
}

/** One sample of the VM's own use, taken in the guest. */
export interface VmResources {
  /** Of all the VM's CPUs together, 0..100, over the last interval. */
  cpuPercent: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  /** The data disk (/var/lib/docker). */
  diskUsedBytes: number;
  diskTotalBytes: number;
  sampledAt: number;
}

export interface EngineStatus {
  state: EngineState;
  backend: BackendKind | null;
  /** What the user should export to reach this engine with the docker CLI. */
  dockerHost: string | null;
  progress: EngineProgress | null;
  /** Set in the `error` state: what went wrong and what to do. */
  error: string | null;
  warnings: string[];
  /** Set while the qemu backend runs a VM. */
  vm: VmStatus | null;
}

export interface DiskUsage {
  imagesBytes: number;
  containersBytes: number;
  volumesBytes: number;
  buildCacheBytes: number;
  totalBytes: number;
}

export interface EngineInfo {
  name: string;
  version: string;
  apiVersion: string;
  os: string;
  kernelVersion: string;
  arch: string;
  cpus: number;
  memoryBytes: number;
  storageDriver: string;
  containers: { total: number; running: number; paused: number; stopped: number };
  images: number;
  disk: DiskUsage;
}

export type ContainerState =
  | 'created'
  | 'running'
  | 'paused'
  | 'restarting'
  | 'removing'
  | 'exited'
  | 'dead';

export interface PortBinding {
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  hostIp: string | null;
  hostPort: number | null;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** Docker's own one-line status, e.g. "Exited (0) 3 minutes ago". */
  status: string;
  createdAt: number;
  /** Epoch ms when the current run started; null unless running or paused. */
  startedAt: number | null;
  ports: PortBinding[];
  /** Compose project and service, from the com.docker.compose.* labels. */
  project: string | null;
  service: string | null;
  labels: Record<string, string>;
}

export interface ContainerGroup {
  /** null for containers that belong to no compose project. */
  project: string | null;
  containers: ContainerSummary[];
}

export interface ContainerInspect {
  id: string;
  name: string;
  tty: boolean;
  /** Docker's inspect document, unchanged. */
  raw: Record<string, unknown>;
}

export interface ImageSummary {
  id: string;
  tags: string[];
  sizeBytes: number;
  createdAt: number;
  /** Containers using the image; -1 when the engine did not count them. */
  containers: number;
  dangling: boolean;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  createdAt: number | null;
  labels: Record<string, string>;
  /** From `system df`; null when the engine did not measure it. */
  sizeBytes: number | null;
  /** Containers using the volume; null when unknown. */
  refCount: number | null;
}

export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  stream: LogStream;
  /** One line without its trailing newline; ANSI codes are kept for the UI. */
  text: string;
  /** RFC 3339 with nanoseconds when timestamps were asked for. */
  timestamp: string | null;
}
