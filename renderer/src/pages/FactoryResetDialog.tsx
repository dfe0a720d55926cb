/**
 * The factory-reset confirmation: an explicit choice to keep or erase
 * containers, images and volumes, and a list that names what will be lost
 * for that choice (asked of Berth first: which backend, which disk, how big).
 */
import { useEffect, useState } from 'react';
import type { ResetPlan } from '../../../preload/contract/troubleshoot';
import { api } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorBox, Loading } from '../components/States';
import { resetWording } from '../lib/troubleshoot-view';

interface Props {
  onConfirm(eraseData: boolean): void;
  onCancel(): void;
}

export function FactoryResetDialog({ onConfirm, onCancel }: Props) {
  const [plan, setPlan] = useState<ResetPlan | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [erase, setErase] = useState(false);
  useEffect(() => {
    let live = true;
    api.call('troubleshoot:get-reset-plan', {}).then(
      (next) => live && setPlan(next),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);
  const wording = plan ? resetWording(plan, erase) : null;
  return (
    <ConfirmDialog
      title="Reset Berth to factory defaults?"
      confirmLabel={wording?.confirmLabel ?? 'Reset'}
      onConfirm={() => {
        // Nothing is reset before the user has seen what it costs.
        if (plan) onConfirm(erase);
      }}
      onCancel={onCancel}
    >
      {error && <ErrorBox error={error} />}
      {!plan && !error && <Loading label="Looking at what a reset would remove…" />}
      {plan && wording && (
        <>
          <fieldset className="choice">
            <legend>Containers, images and volumes</legend>
            <label className="check">
              <input type="radio" name="reset-data" checked={!erase} onChange={() => setErase(false)} /> Keep them
            </label>
            <label className="check">
              <input type="radio" name="reset-data" checked={erase} onChange={() => setErase(true)} /> Erase them
            </label>
          </fieldset>
          {plan.note && <div className="notice warn" data-testid="reset-note">{plan.note}</div>}
          <p>This will be lost:</p>
          <ul data-testid="reset-lost">
            {wording.lost.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {wording.kept.length > 0 && <p>This is kept:</p>}
          {wording.kept.length > 0 && (
            <ul data-testid="reset-kept">
              {wording.kept.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <p className="small muted">The engine stops for the reset and starts again if it was running.</p>
        </>
      )}
    </ConfirmDialog>
  );
}
