/**
 * What the qemu backend calls at boot: plan the configured shares, start a
 * virtiofsd for each, and say in words what could not be shared.
 */
import { statSync } from 'node:fs';
import type { Share } from '../../../preload/contract';
import { planShares, type PathKind } from './share-rules';
import { locateVirtiofsd, startShareDaemons, type ShareDaemons } from './virtiofsd';

export interface PreparedShares {
  daemons: ShareDaemons | null;
  warnings: string[];
}

export function inspectHostPath(hostPath: string): PathKind {
  const stat = statSync(hostPath, { throwIfNoEntry: false });
  if (!stat) return 'missing';
  return stat.isDirectory() ? 'directory' : 'not-directory';
}

export async function prepareShares(shares: readonly Share[], runtimeDir: string, log: (message: string) => void): Promise<PreparedShares> {
  const plan = planShares(shares, inspectHostPath);
  const warnings = plan.verdicts.filter((v) => v.verdict === 'refused').map((v) => `Not shared with the VM: ${v.reason}`);
  if (plan.mounts.length === 0) return { daemons: null, warnings };
  const binary = locateVirtiofsd();
  if (!binary) {
    warnings.push(
      'No folder is shared with the VM: virtiofsd was not found (install QEMU\'s virtiofsd, e.g. the "virtiofsd" or "qemu-system-common" package, or set BERTH_VIRTIOFSD).',
    );
    return { daemons: null, warnings };
  }
  const daemons = await startShareDaemons(binary, plan.mounts, runtimeDir, log);
  log(`sharing ${daemons.shares.map((s) => `${s.hostPath} (${s.writable ? 'rw' : 'ro'})`).join(', ')} over virtiofs`);
  return { daemons, warnings };
}
