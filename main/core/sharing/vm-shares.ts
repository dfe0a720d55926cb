/**
 * What the qemu backend calls at boot: plan the configured shares, pick the
 * mechanism (mechanism.ts), start a virtiofsd per share or describe the 9p
 * devices, and say in words what could not be shared.
 */
import { statSync } from 'node:fs';
import type { Share, ShareMechanism, ShareMechanismChoice } from '../../../preload/contract';
import { hostKeepsUserXattrs, type XattrVerdict } from './host-xattrs';
import { chooseMechanism, hostMechanismFacts, type MechanismFacts } from './mechanism';
import type { NinePVmShare, VmShare } from './share-args';
import { planShares, type PathKind, type PlannedShare } from './share-rules';
import { startShareDaemons, type ShareDaemons } from './virtiofsd';

export interface PreparedShares {
  /** The shares QEMU gets, whatever the mechanism. */
  shares: VmShare[];
  mechanism: ShareMechanism | null;
  /** The virtiofsd processes (virtiofs only). */
  daemons: ShareDaemons | null;
  warnings: string[];
}

export function inspectHostPath(hostPath: string): PathKind {
  const stat = statSync(hostPath, { throwIfNoEntry: false });
  if (!stat) return 'missing';
  return stat.isDirectory() ? 'directory' : 'not-directory';
}

export interface ShareHooks {
  log: (message: string) => void;
  /** A share's virtiofsd ended while the VM ran (virtiofsd.ts). */
  onLost: (hostPath: string, how: string) => void;
}

export async function prepareShares(
  configured: { shares: readonly Share[]; shareMechanism: ShareMechanismChoice },
  runtimeDir: string,
  { log, onLost }: ShareHooks,
  facts: MechanismFacts = hostMechanismFacts(),
): Promise<PreparedShares> {
  const plan = planShares(configured.shares, inspectHostPath);
  const warnings = plan.verdicts.filter((v) => v.verdict === 'refused').map((v) => `Not shared with the VM: ${v.reason}`);
  if (plan.mounts.length === 0) return { shares: [], mechanism: null, daemons: null, warnings };
  const choice = chooseMechanism(configured.shareMechanism, facts);
  if (!choice.mechanism) {
    warnings.push(`No folder is shared with the VM: ${choice.problem}.`);
    return { shares: [], mechanism: null, daemons: null, warnings };
  }
  const describe = (shares: readonly VmShare[]) => shares.map((s) => `${s.hostPath} (${s.writable ? 'rw' : 'ro'})`).join(', ');
  if (choice.mechanism === '9p') {
    const shares = ninepShares(plan.mounts, hostKeepsUserXattrs);
    for (const share of shares.filter((s) => s.securityModel === 'none')) warnings.push(noXattrWarning(share.hostPath));
    log(`sharing ${describe(shares)} over 9p (${shares.map((s) => s.securityModel).join(', ')})`);
    return { shares, mechanism: '9p', daemons: null, warnings };
  }
  const daemons = await startShareDaemons(facts.virtiofsd!, plan.mounts, runtimeDir, log, onLost);
  log(`sharing ${describe(daemons.shares)} over virtiofs`);
  return { shares: daemons.shares, mechanism: 'virtiofs', daemons, warnings };
}

export function ninepShares(mounts: readonly PlannedShare[], xattrs: (hostPath: string) => XattrVerdict): NinePVmShare[] {
  return mounts.map((mount) => ({ ...mount, mechanism: '9p', securityModel: xattrs(mount.hostPath).supported ? 'mapped-xattr' : 'none' }));
}

export function noXattrWarning(hostPath: string): string {
  return (
    `${hostPath} is shared over 9p without owner mapping: its filesystem does not keep user extended attributes, ` +
    'so files made in containers belong to you on this host and chown in a container does not fail, but the owner and mode it sets are not kept'
  );
}
