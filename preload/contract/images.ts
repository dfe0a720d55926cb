/**
 * Images in depth (pull, load, inspect, prune) and running a container from
 * one: the shapes that cross the contract. Plain JSON; the zod schemas that
 * check the inputs are in images-inputs.ts.
 */

/** Where one layer of a pull is, from Docker's progress messages. */
export type PullLayerPhase = 'waiting' | 'downloading' | 'verifying' | 'extracting' | 'done';

export interface PullLayer {
  /** Docker's short layer id, e.g. "a3ed95caeb02". */
  id: string;
  phase: PullLayerPhase;
  /** Docker's own words for the step, e.g. "Downloading", "Already exists". */
  status: string;
  /** Compressed size, once Docker has said it (it does when the download starts). */
  totalBytes: number | null;
  downloadedBytes: number;
  extractedBytes: number;
  /** 0..1 for this layer: download is the first 80 %, extraction the rest. */
  fraction: number;
}

export interface PullProgress {
  reference: string;
  layers: PullLayer[];
  /** 0..1 over all layers, weighted by size where sizes are known. */
  fraction: number;
  /** The latest message that is not about one layer ("Digest: …", "Status: …"). */
  status: string | null;
}

export interface PullEnded {
  subscriptionId: string;
  /** The engine's error, verbatim; null when the pull finished or was cancelled. */
  error: string | null;
  cancelled: boolean;
}

export interface ImageLoadResult {
  /** What the engine said it loaded: "busybox:latest", or an image id for an untagged one. */
  loaded: string[];
}

export interface ImagePruneResult {
  deletedCount: number;
  /** Tags removed along with the images. */
  untaggedCount: number;
  spaceReclaimedBytes: number;
}

export interface ImageHistoryEntry {
  /** Epoch ms; null when the engine does not know. */
  createdAt: number | null;
  createdBy: string;
  sizeBytes: number;
  comment: string;
}

export interface ImageDetail {
  id: string;
  tags: string[];
  digests: string[];
  sizeBytes: number;
  createdAt: number | null;
  architecture: string;
  os: string;
  /** The root filesystem's layer digests, bottom first. */
  layers: string[];
  /** Newest step first, as `docker history` prints it. */
  history: ImageHistoryEntry[];
  config: {
    cmd: string[];
    entrypoint: string[];
    env: string[];
    workingDir: string;
    user: string;
    exposedPorts: string[];
  };
}

export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface RunPort {
  /** Empty for every interface. */
  hostIp?: string;
  /** null: the engine picks a free port. */
  hostPort: number | null;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export interface RunBind {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface RunVolume {
  name: string;
  containerPath: string;
  readOnly: boolean;
}

export interface RunEnv {
  name: string;
  value: string;
}

export interface RunSpec {
  image: string;
  name?: string;
  ports: RunPort[];
  binds: RunBind[];
  volumes: RunVolume[];
  env: RunEnv[];
  network?: string;
  restartPolicy?: RestartPolicyName;
  /** Replaces the image's CMD; each element is one argument. */
  command?: string[];
}
