/** Messages from actions: errors stay until dismissed or 10 s, notices 5 s. */
import { create } from 'zustand';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  /** The action that failed, e.g. "Remove volume data"; shown above the message. */
  title?: string;
  message: string;
}

interface ToastState {
  toasts: Toast[];
  push(kind: Toast['kind'], message: string, title?: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(kind, message, title) {
    const id = nextId++;
    const toast: Toast = title ? { id, kind, title, message } : { id, kind, message };
    set({ toasts: [...get().toasts.slice(-4), toast] });
    setTimeout(() => get().dismiss(id), kind === 'error' ? 10_000 : 5_000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

const words = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);

/**
 * The engine's message without the words the title already says. Docker
 * prefixes its answers with the action ("remove trialvol: volume is in use"),
 * which under the title "Remove volume trialvol" would say it twice. A
 * leading "<words>:" is dropped when every one of its words is in the title.
 */
export function withoutEcho(title: string, message: string): string {
  const known = new Set(words(title).map((w) => w.replace(/[?.!]$/, '')));
  let rest = message.trim();
  for (;;) {
    const m = /^([^:\n]{1,200}?):\s+(\S[\s\S]*)$/.exec(rest);
    if (!m) break;
    const head = words(m[1]!);
    if (head.length === 0 || !head.every((w) => known.has(w))) break;
    rest = m[2]!;
  }
  return rest;
}

/**
 * An engine message as a toast body: said once (see withoutEcho), full
 * 64-hex ids cut to docker's 12, and starting with a capital.
 */
export function toastMessage(title: string, message: string): string {
  const body = (withoutEcho(title, message) || message.trim()).replace(/\b(?:sha256:)?([0-9a-f]{64})\b/g, (_, hex: string) => hex.slice(0, 12));
  return body.charAt(0).toUpperCase() + body.slice(1);
}

/** Runs an action; a failure becomes a toast titled with the action and the engine's own message, never a crash. */
export async function runAction(label: string, action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    useToasts.getState().push('error', toastMessage(label, message), label);
    return false;
  }
}
