/** A row's remove icon: confirms first (the dialog says what removing costs), then removes. */
import { useState, type ReactNode } from 'react';
import { useOnline } from '../api/connection';
import { runAction } from '../stores/toasts';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon } from './icons';

interface RemoveButtonProps {
  /** What the button names, as "Remove {name}", for screen readers and the tooltip. */
  name: string;
  /** Names the action in an error toast: "Remove volume data". */
  action: string;
  dialogTitle: string;
  remove(): Promise<unknown>;
  /** The dialog's body: warnings and choices. */
  children: ReactNode;
}

export function RemoveButton({ name, action, dialogTitle, remove, children }: RemoveButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const run = async () => {
    setConfirming(false);
    setBusy(true);
    await runAction(action, remove);
    setBusy(false);
  };
  return (
    <>
      <button type="button" className="action-remove" aria-label={`Remove ${name}`} title={`Remove ${name}`}
        disabled={busy || !online} onClick={() => setConfirming(true)}>
        <Icon name="remove" />
      </button>
      {confirming && (
        <ConfirmDialog title={dialogTitle} confirmLabel="Remove" onConfirm={() => void run()} onCancel={() => setConfirming(false)}>
          {children}
        </ConfirmDialog>
      )}
    </>
  );
}
