/**
 * The shared folders' mechanisms and states (`shares:list`). There is no push
 * for it: what it reports changes with the settings and the engine's state,
 * so it is fetched again when either changes.
 */
import { create } from 'zustand';
import type { Unsubscribe } from '../../../preload/contract/client';
import type { BerthError } from '../../../preload/contract/errors';
import type { SharesReport } from '../../../preload/contract/shares';
import { api } from '../api/client';
import { toBerthError } from './list-store';

interface SharesState {
  report: SharesReport | null;
  error: BerthError | null;
  refresh(): Promise<void>;
}

let asked = 0;

export const useShares = create<SharesState>()((set) => ({
  report: null,
  error: null,
  async refresh() {
    const mine = ++asked;
    try {
      const report = await api.call('shares:list', {});
      // Only the newest answer counts: an older one may predate a settings change.
      if (mine === asked) set({ report, error: null });
    } catch (error) {
      if (mine === asked) set({ error: toBerthError(error) });
    }
  },
}));

export function startSharesStore(): Unsubscribe {
  const refresh = () => void useShares.getState().refresh();
  const offs = [api.on('settings:snapshot-changed', refresh), api.on('engine:state-changed', refresh)];
  refresh();
  return () => {
    for (const off of offs) off();
  };
}
