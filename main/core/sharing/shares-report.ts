/**
 * `berth shares`: each configured share with the mechanism that carries it
 * and its state, from the settings, the host and (when the VM runs) the
 * guest's own mount table. Pure, so the wording has a table test.
 */
import type { MechanismInfo, Share, ShareRow, SharesReport } from '../../../preload/contract';
import { planShares, type PathKind } from './share-rules';

export type { MechanismInfo, ShareRow, ShareState, SharesReport } from '../../../preload/contract';

export interface SharesContext {
  virtiofsd: string | null;
  /** The engine's backend while it runs; null when stopped. */
  backend: 'qemu' | 'native' | null;
  /** Guest paths mounted over virtiofs (from the guest's /proc/mounts); null when the VM cannot be asked. */
  guestMounts: readonly string[] | null;
}

export function mechanisms(virtiofsd: string | null): MechanismInfo[] {
  return [
    {
      name: 'virtiofs',
      available: virtiofsd !== null,
      detail: virtiofsd ?? 'virtiofsd not found: install the "virtiofsd" or "qemu-system-common" package, or set BERTH_VIRTIOFSD',
    },
    { name: '9p', available: false, detail: "unavailable with this guest image: its kernel (Debian's cloud kernel) has no 9p support" },
  ];
}

export function sharesReport(shares: readonly Share[], inspect: (hostPath: string) => PathKind, context: SharesContext): SharesReport {
  const plan = planShares(shares, inspect);
  const rows = plan.verdicts.map((verdict): ShareRow => {
    const base = { hostPath: verdict.hostPath, writable: verdict.writable };
    if (verdict.verdict === 'refused') return { ...base, mechanism: null, state: 'refused', message: verdict.reason! };
    if (context.backend === 'native') {
      return { ...base, mechanism: 'host', state: 'host', message: 'the engine runs on this host and sees the folder directly' };
    }
    if (verdict.verdict === 'merged' && verdict.within !== verdict.hostPath) {
      return { ...base, mechanism: 'virtiofs', state: 'merged', message: `shared as part of ${verdict.within}` };
    }
    if (!context.virtiofsd) return { ...base, mechanism: null, state: 'not-mounted', message: mechanisms(null)[0]!.detail };
    if (context.backend !== 'qemu' || context.guestMounts === null) {
      return { ...base, mechanism: 'virtiofs', state: 'pending', message: 'mounted when the VM starts' };
    }
    const holder = verdict.verdict === 'merged' ? verdict.within! : verdict.hostPath;
    return context.guestMounts.includes(holder)
      ? { ...base, mechanism: 'virtiofs', state: 'mounted', message: `mounted at ${holder} in the VM` }
      : { ...base, mechanism: 'virtiofs', state: 'not-mounted', message: 'not mounted in the running VM: restart the VM (`berth restart`) to apply' };
  });
  return { mechanisms: mechanisms(context.virtiofsd), shares: rows };
}

/** The virtiofs mount points in a /proc/mounts text (octal escapes such as \040 undone). */
export function virtiofsMountPoints(procMounts: string): string[] {
  return procMounts
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields[2] === 'virtiofs' && fields[1] !== undefined)
    .map((fields) => fields[1]!.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8))));
}
