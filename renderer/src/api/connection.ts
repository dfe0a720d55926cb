/**
 * Connection state of the transport (only the WebSocket one ever drops) and
 * the hook stores use to refetch once it is back.
 */
import { create } from 'zustand';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

interface ConnectionState {
  status: ConnectionStatus;
  /** Bumped on every successful reconnect; log views resubscribe on it. */
  generation: number;
}

export const useConnection = create<ConnectionState>()(() => ({ status: 'open', generation: 0 }));

const reconnectListeners = new Set<() => void>();

export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

export function setConnectionStatus(status: ConnectionStatus): void {
  const before = useConnection.getState();
  if (before.status === status) return;
  const reconnected = status === 'open' && before.status === 'reconnecting';
  useConnection.setState({ status, generation: before.generation + (reconnected ? 1 : 0) });
  if (reconnected) {
    for (const listener of [...reconnectListeners]) {
      try {
        listener();
      } catch (error) {
        console.error('reconnect listener failed', error);
      }
    }
  }
}

/** Whether calls can reach Berth now; actions are disabled while it cannot. */
export function useOnline(): boolean {
  return useConnection((s) => s.status === 'open');
}
