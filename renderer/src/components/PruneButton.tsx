/** A Prune… button: confirms with the caller's choices, runs the prune and keeps its summary beside the button. */
import { useState, type ReactNode } from 'react';
import { useOnline } from '../api/connection';
import { runAction } from '../stores/toasts';
import { ConfirmDialog } from './ConfirmDialog';

interface PruneButtonProps {
  /** Names the action in an error toast: "Prune images". */
  action: string;
  dialogTitle: string;
  /** The summary's test id; e2e tests read the result there. */
  resultTestId: string;
  /** Runs the prune with the choices made in the dialog; resolves to what it freed, in words. */
  prune(): Promise<string>;
  /** The dialog's body: what gets removed, and the choices. */
  children: ReactNode;
}

export function PruneButton({ action, dialogTitle, resultTestId, prune, children }: PruneButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);
  const online = useOnline();
  const run = async () => {
    setConfirming(false);
    setBusy(true);
    setSummary(null);
    await runAction(action, async () => setSummary(await prune()));
    setBusy(false);
  };
  return (
    <>
      <button type="button" disabled={busy || !online} onClick={() => setConfirming(true)}>Prune…</button>
      {summary && <p className="muted small" role="status" data-testid={resultTestId}>{summary}</p>}
      {confirming && (
        <ConfirmDialog title={dialogTitle} confirmLabel="Prune" onConfirm={() => void run()} onCancel={() => setConfirming(false)}>
          {children}
        </ConfirmDialog>
      )}
    </>
  );
}
