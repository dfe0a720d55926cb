/**
 * `berth shares`: each configured share with the mechanism that carries it
 * and its state, from the settings, the host and (when the VM runs) the
 * guest's own mount table. Pure, so the wording has a table test.
 */
import type { MechanismInfo, Share, ShareMechanism, ShareRow, SharesReport } from '../../../preload/contract';
import type { MechanismChoice } from './mechanism';
import { planShares, type PathKind } from './share-rules';

export type { MechanismInfo, ShareRow, ShareState, SharesReport } from '../../../preload/contract';

export interface GuestMount {
  path: string;
  mechanism: ShareMechanism;
}

export interface SharesContext {
  /** What this host offers (mechanism.ts mechanismsOnHost). */
  mechanisms: MechanismInfo[];
  /** What a boot uses now, from the shareMechanism setting and the host. */
  choice: MechanismChoice;
  /** The engine's backend while it runs; null when stopped. */
  backend: 'qemu' | 'native' | null;
  /** The guest's share mounts (from its /proc/mounts); null when the VM cannot be asked. */
  guestMounts: readonly GuestMount[] | null;
  /** Whether a host folder keeps user xattrs, which 9p needs to keep the owners set in containers. */
  keepsOwners: (hostPath: string) => boolean;
  /** Shares whose virtiofsd ended while the VM ran, with how (virtiofsd.ts). */
  lost: ReadonlyMap<string, string>;
}

export function sharesReport(shares: readonly Share[], inspect: (hostPath: string) => PathKind, context: SharesContext): SharesReport {
  const plan = planShares(shares, inspect);
  const rows = plan.verdicts.map((verdict): ShareRow => {
    const base = { hostPath: verdict.hostPath, writable: verdict.writable };
    if (verdict.verdict === 'refused') return { ...base, mechanism: null, state: 'refused', message: verdict.reason! };
    if (context.backend === 'native') {
      return { ...base, mechanism: 'host', state: 'host', message: 'the engine runs on this host and sees the folder directly' };
    }
    const holder = verdict.verdict === 'merged' ? verdict.within! : verdict.hostPath;
    const mounted = context.guestMounts?.find((m) => m.path === holder);
    const mechanism = mounted?.mechanism ?? context.choice.mechanism;
    const caveat = mechanism === '9p' && !context.keepsOwners(holder) ? `; ${NO_OWNER_MAPPING}` : '';
    if (verdict.verdict === 'merged' && verdict.within !== verdict.hostPath) {
      return { ...base, mechanism, state: 'merged', message: `shared as part of ${verdict.within}${caveat}` };
    }
    if (!mechanism) return { ...base, mechanism: null, state: 'not-mounted', message: context.choice.problem ?? 'no mechanism can share it' };
    if (context.backend !== 'qemu' || context.guestMounts === null) {
      return { ...base, mechanism, state: 'pending', message: `mounted when the VM starts${caveat}` };
    }
    const lost = context.lost.get(holder);
    if (mounted && lost) return { ...base, mechanism, state: 'failed', message: `${SHARE_LOST} ${lost}; ${AFTER_SHARE_LOSS}` };
    return mounted
      ? { ...base, mechanism, state: 'mounted', message: `mounted at ${holder} in the VM${caveat}` }
      : { ...base, mechanism, state: 'not-mounted', message: 'not mounted in the running VM: restart the VM (`berth restart`) to apply' };
  });
  return { mechanisms: context.mechanisms, shares: rows };
}

const SHARE_LOST = 'stopped working: its virtiofsd';
/** What a lost share means and what to do; the status warning (engine/qemu.ts) says the same. */
export const AFTER_SHARE_LOSS = 'programs in the VM that use it wait until the VM restarts: restart the engine (`berth restart`) to share it again';

const NO_OWNER_MAPPING =
  'over 9p without owner mapping (this filesystem keeps no user extended attributes): files stay yours, chown does not fail, but the owner it sets is not kept';

/** The virtiofs and 9p mounts in a /proc/mounts text (octal escapes such as \040 undone). */
export function shareMountPoints(procMounts: string): GuestMount[] {
  return procMounts
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => (fields[2] === 'virtiofs' || fields[2] === '9p') && fields[1] !== undefined)
    .map((fields) => ({
      path: fields[1]!.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8))),
      mechanism: fields[2] as ShareMechanism,
    }));
}
