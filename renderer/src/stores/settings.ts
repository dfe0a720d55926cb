/**
 * Settings: the saved snapshot ('settings:get' then 'settings:snapshot-changed')
 * and the user's draft. Apply sends only the changed fields; a refusal is kept
 * verbatim for the form to show.
 */
import { create } from 'zustand';
import type { Unsubscribe } from '../../../preload/contract/client';
import type { BerthError } from '../../../preload/contract/errors';
import type { RestartImpact, Settings, SettingsSnapshot } from '../../../preload/contract/settings';
import { api } from '../api/client';
import { changedKeys, patchOf } from '../settings/validation';
import { toBerthError } from './list-store';

interface SettingsState {
  snapshot: SettingsSnapshot | null;
  draft: Settings | null;
  loadError: BerthError | null;
  applying: boolean;
  applyError: string | null;
  /** What the last successful Apply cost, to say so once. */
  lastImpact: RestartImpact | null;
  refresh(): Promise<void>;
  edit(patch: Partial<Settings>): void;
  reset(): void;
  apply(): Promise<boolean>;
}

let pushes = 0;

function adopt(next: SettingsSnapshot): void {
  const { snapshot, draft } = useSettings.getState();
  const pristine = !snapshot || !draft || changedKeys(snapshot.settings, draft).length === 0;
  useSettings.setState({ snapshot: next, loadError: null, ...(pristine ? { draft: next.settings } : {}) });
}

export const useSettings = create<SettingsState>()((set, get) => ({
  snapshot: null,
  draft: null,
  loadError: null,
  applying: false,
  applyError: null,
  lastImpact: null,
  async refresh() {
    const seen = pushes;
    try {
      const snapshot = await api.call('settings:get', {});
      if (seen === pushes) adopt(snapshot);
    } catch (error) {
      set({ loadError: toBerthError(error) });
    }
  },
  edit(patch) {
    const draft = get().draft;
    if (draft) set({ draft: { ...draft, ...patch }, applyError: null, lastImpact: null });
  },
  reset() {
    const snapshot = get().snapshot;
    if (snapshot) set({ draft: snapshot.settings, applyError: null });
  },
  async apply() {
    const { snapshot, draft } = get();
    if (!snapshot || !draft) return false;
    set({ applying: true, applyError: null, lastImpact: null });
    try {
      const result = await api.call('settings:update', { patch: patchOf(snapshot.settings, draft) });
      const { impact, ...next } = result;
      pushes++;
      set({ snapshot: next, draft: next.settings, applying: false, lastImpact: impact });
      return true;
    } catch (error) {
      set({ applying: false, applyError: toBerthError(error).message });
      return false;
    }
  },
}));

export function startSettingsStore(): Unsubscribe {
  const off = api.on('settings:snapshot-changed', (snapshot) => {
    pushes++;
    adopt(snapshot);
  });
  void useSettings.getState().refresh();
  return off;
}
