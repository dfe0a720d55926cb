/**
 * What an engine backend does: bring a Docker Engine up (reporting each step)
 * and hand back a client for it, then take it down again. The state machine
 * around backends lives in engine-service.ts.
 */
import type Dockerode from 'dockerode';
import type { GuestDialer } from '../ports/dialer';
import type { GuestChannel } from '../vm/guest-channel';
import type { GuestSample } from '../vm/guest-resources';
import type { BackendKind, EngineProgress, VmStatus } from '../../../preload/contract';

export type ReportProgress = (progress: EngineProgress) => void;

export interface EngineConnection {
  docker: Dockerode;
  /** What a user exports as DOCKER_HOST to reach this engine. */
  dockerHost: string;
  warnings: string[];
  /** Set by the VM backend. */
  vm?: VmStatus;
  /**
   * How published ports in the VM are reached from the host; absent when the
   * engine publishes on the host itself (native).
   */
  portDialer?: GuestDialer;
  /** Why a VM's published ports are not forwarded, when they are not. */
  portProblem?: string;
}

export interface EngineBackend {
  readonly kind: BackendKind;
  start(report: ReportProgress, signal: AbortSignal): Promise<EngineConnection>;
  stop(report: ReportProgress): Promise<void>;
  /** Absent when the backend cannot pause (a host engine is not ours to freeze). */
  pause?(): Promise<void>;
  resume?(): Promise<void>;
  /**
   * The engine answers again on the same backend (its daemon restarted while
   * the VM kept running): a fresh connection, nothing rebooted. Absent when a
   * lost engine means a new start (native: the host's dockerd is not ours).
   */
  reconnect?(): Promise<EngineConnection>;
  /** Absent when there is no VM to measure (native). */
  sampleGuest?(): Promise<GuestSample>;
  /** Host folders whose sharing daemon ended while the VM ran, with how; absent when nothing is shared by a daemon. */
  shareFailures?(): ReadonlyMap<string, string>;
  /** The running VM's guest channel (for a VM shell); absent or null when there is no VM. */
  readonly channel?: GuestChannel | null;
}
