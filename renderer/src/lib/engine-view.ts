/** How the engine's status reads in the nav and on the dashboard. Pure. */
import type { EngineStatus, VmStatus } from '../../../preload/contract/dto';
import type { ConnectionStatus } from '../api/connection';

export function percentOf(fraction: number): number {
  return Math.round(Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0)) * 100);
}

export interface ProgressView {
  /** 0..1, or null before the first step is reported. */
  fraction: number | null;
  label: string;
}

/** The progress of a start or stop, or null when neither runs. */
export function engineProgress(status: Pick<EngineStatus, 'state' | 'progress'> | null | undefined): ProgressView | null {
  if (!status || (status.state !== 'starting' && status.state !== 'stopping')) return null;
  if (status.progress) return { fraction: status.progress.fraction, label: status.progress.message };
  return { fraction: null, label: status.state === 'starting' ? 'Starting the engine…' : 'Stopping the engine…' };
}

export interface Indicator {
  /** For data-state and the dot's colour. */
  state: string;
  text: string;
}

/** The nav's engine indicator. A lost connection to the host wins: the engine's state is then unknown. */
export function engineIndicator(
  status: Pick<EngineStatus, 'state'> | null | undefined,
  connection: ConnectionStatus,
): Indicator {
  if (connection === 'reconnecting') return { state: 'disconnected', text: 'Disconnected' };
  if (connection === 'connecting' || !status) return { state: 'unknown', text: 'Connecting…' };
  return { state: status.state, text: `Engine ${status.state}` };
}

export const ACCELERATOR_LABEL: Record<VmStatus['accelerator'], string> = {
  kvm: 'KVM',
  hvf: 'Hypervisor.framework',
  whpx: 'Windows Hypervisor Platform',
  tcg: 'TCG',
};

/** The warning badge next to the accelerator; null for hardware acceleration. */
export function acceleratorWarning(accelerator: VmStatus['accelerator']): string | null {
  return accelerator === 'tcg' ? 'Software emulation — slow' : null;
}
