/** The port forwarder's table: fetched once, then 'ports:forwards-changed'. */
import { create } from 'zustand';
import type { Unsubscribe } from '../../../preload/contract/client';
import type { BerthError } from '../../../preload/contract/errors';
import type { PortsStatus } from '../../../preload/contract/ports';
import { api } from '../api/client';
import { toBerthError } from './list-store';

interface PortsState {
  status: PortsStatus | null;
  error: BerthError | null;
  refresh(): Promise<void>;
}

let pushes = 0;

export const usePorts = create<PortsState>()((set) => ({
  status: null,
  error: null,
  async refresh() {
    const seen = pushes;
    try {
      const status = await api.call('ports:list', {});
      // A push that arrived while this fetch ran is newer: keep it.
      if (seen === pushes) set({ status, error: null });
    } catch (error) {
      set({ error: toBerthError(error) });
    }
  },
}));

export function startPortsStore(): Unsubscribe {
  const off = api.on('ports:forwards-changed', (status) => {
    pushes++;
    usePorts.setState({ status, error: null });
  });
  void usePorts.getState().refresh();
  return off;
}
