/**
 * Engine status ('engine:get-status' then 'engine:state-changed') and info
 * ('engine:get-info', fetched again whenever the state becomes running).
 */
import { create } from 'zustand';
import type { Unsubscribe } from '../../../preload/contract/client';
import type { EngineInfo, EngineStatus } from '../../../preload/contract/dto';
import type { BerthError } from '../../../preload/contract/errors';
import { api } from '../api/client';
import { toBerthError } from './list-store';

export type EngineCommand = 'engine:start' | 'engine:stop' | 'engine:restart' | 'engine:pause' | 'engine:resume';

interface EngineState {
  status: EngineStatus | null;
  statusError: BerthError | null;
  info: EngineInfo | null;
  infoError: BerthError | null;
  infoLoading: boolean;
  /** The command in flight, to disable the buttons meanwhile. */
  busy: EngineCommand | null;
  refreshStatus(): Promise<void>;
  refreshInfo(): Promise<void>;
  /** Runs a command; throws the BerthError so the caller can show it. */
  command(method: EngineCommand): Promise<void>;
}

let pushes = 0;
let infoRequests = 0;
const runningListeners = new Set<() => void>();

/** Called each time the engine becomes running (lists refetch on it). */
export function onEngineRunning(listener: () => void): Unsubscribe {
  runningListeners.add(listener);
  return () => {
    runningListeners.delete(listener);
  };
}

function applyStatus(next: EngineStatus): void {
  const before = useEngine.getState().status;
  useEngine.setState({ status: next, statusError: null });
  if (next.state === 'running' && before?.state !== 'running') {
    void useEngine.getState().refreshInfo();
    if (before) for (const listener of [...runningListeners]) listener();
  }
}

export const useEngine = create<EngineState>()((set, get) => ({
  status: null,
  statusError: null,
  info: null,
  infoError: null,
  infoLoading: false,
  busy: null,
  async refreshStatus() {
    const seen = pushes;
    try {
      const status = await api.call('engine:get-status', {});
      if (seen === pushes) applyStatus(status);
    } catch (error) {
      set({ statusError: toBerthError(error) });
    }
  },
  async refreshInfo() {
    // Only the latest request's answer counts, so an older, slower one never wins.
    const mine = ++infoRequests;
    set({ infoLoading: true });
    try {
      const info = await api.call('engine:get-info', {});
      if (mine === infoRequests) set({ info, infoError: null, infoLoading: false });
    } catch (error) {
      if (mine === infoRequests) set({ infoError: toBerthError(error), infoLoading: false });
    }
  },
  async command(method) {
    const seen = pushes;
    set({ busy: method });
    try {
      const status = await api.call(method, {});
      if (seen === pushes) applyStatus(status);
    } finally {
      if (get().busy === method) set({ busy: null });
    }
  },
}));

export function startEngineStore(): Unsubscribe {
  const off = api.on('engine:state-changed', (status) => {
    pushes++;
    applyStatus(status);
  });
  void useEngine.getState().refreshStatus();
  return off;
}

/**
 * Keeps the engine info (container and image counts, disk usage) current
 * while something shows it: each container, image or volume change asks for
 * it again, at most once per `delayMs` (a burst of events is one fetch, made
 * `delayMs` after the first). No polling: without events, nothing is asked.
 */
export function followInfo(delayMs = 1000): Unsubscribe {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (useEngine.getState().status?.state === 'running') void useEngine.getState().refreshInfo();
    }, delayMs);
  };
  const offs = [
    api.on('containers:list-changed', schedule),
    api.on('images:list-changed', schedule),
    api.on('volumes:list-changed', schedule),
  ];
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const off of offs) off();
  };
}
