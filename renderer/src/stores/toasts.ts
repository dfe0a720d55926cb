/** Messages from actions: errors stay until dismissed or 10 s, notices 5 s. */
import { create } from 'zustand';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

interface ToastState {
  toasts: Toast[];
  push(kind: Toast['kind'], message: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(kind, message) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-4), { id, kind, message }] });
    setTimeout(() => get().dismiss(id), kind === 'error' ? 10_000 : 5_000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

/** Runs an action; a failure becomes a toast with the error's own message, never a crash. */
export async function runAction(label: string, action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    useToasts.getState().push('error', `${label}: ${message}`);
    return false;
  }
}
