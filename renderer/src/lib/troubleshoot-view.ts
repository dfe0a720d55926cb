/** What the Troubleshoot page says: what a reset loses and keeps, what a restart does. Pure, for tests. */
import type { BackendKind } from '../../../preload/contract/dto';
import type { ResetPlan } from '../../../preload/contract/troubleshoot';
import { formatBytes } from './format';

export interface ResetWording {
  lost: string[];
  kept: string[];
  confirmLabel: string;
}

export function resetWording(plan: ResetPlan, eraseData: boolean): ResetWording {
  const lost = [`Every setting (${plan.settingsFile}) goes back to its default: backend, CPUs, memory, disk size, shared folders, port policy, theme.`];
  const kept: string[] = [];
  const disk = plan.dataDisk;
  if (disk) {
    const what = `the containers, images, volumes and build cache in Berth's VM (its data disk ${disk.path}, ${formatBytes(disk.sizeBytes, true)} used)`;
    if (eraseData) lost.push(`All of ${what} are deleted. This cannot be undone.`);
    else kept.push(`${what.charAt(0).toUpperCase()}${what.slice(1)}.`);
  }
  if (plan.backend === 'native') {
    kept.push("The containers, images and volumes of this computer's own Docker Engine: Berth never erases them, even with Erase chosen.");
  }
  return { lost, kept, confirmLabel: eraseData && disk ? 'Reset and erase data' : 'Reset settings' };
}

export function restartWording(backend: BackendKind | null): string {
  if (backend === 'qemu') return "Berth's VM shuts down and boots again: every running container stops, and only those with a restart policy start again.";
  if (backend === 'native') return "Berth reconnects to this computer's Docker Engine; the engine itself and its containers keep running.";
  return 'The engine stops, then starts again with the saved settings.';
}

/** The desktop app saves through a dialog; a browser downloads from the web host. */
export function bundleDownloadUrl(fileName: string): string {
  return `/api/diagnostics/${encodeURIComponent(fileName)}`;
}
