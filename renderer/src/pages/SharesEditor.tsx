/** The shared folders list: host path + writable per row, add and remove. */
import type { Share } from '../../../preload/contract/settings';
import { Icon } from '../components/icons';
import type { SettingsErrors } from '../settings/validation';

interface Props {
  shares: Share[];
  errors: SettingsErrors;
  /** E.g. "Used by the VM backend only". */
  hint?: string | null;
  onChange(shares: Share[]): void;
}

export function SharesEditor({ shares, errors, hint, onChange }: Props) {
  const update = (i: number, patch: Partial<Share>) => onChange(shares.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset className="shares">
      <legend>Shared folders</legend>
      <p className="hint">
        Folders of this computer visible to containers at the same path.
        {hint && <span className="hint-vm"> {hint}.</span>}
      </p>
      {shares.length === 0 && <p className="muted small">No folders are shared.</p>}
      {shares.map((share, i) => {
        const error = errors[`shares.${i}`];
        const errorId = `share-${i}-error`;
        return (
          <div className="share-row" key={i} data-testid="share-row">
            <input
              aria-label={`Host path ${i + 1}`}
              value={share.hostPath}
              placeholder="/path/on/this/computer"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => update(i, { hostPath: e.target.value })}
            />
            <label className="check">
              <input type="checkbox" checked={share.writable} onChange={(e) => update(i, { writable: e.target.checked })} />
              Writable
            </label>
            <button
              type="button"
              className="action-remove"
              aria-label={`Remove shared folder ${share.hostPath || i + 1}`}
              onClick={() => onChange(shares.filter((_, j) => j !== i))}
            >
              <Icon name="remove" />
            </button>
            {error && (
              <div id={errorId} className="field-error" role="alert">
                {error}
              </div>
            )}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...shares, { hostPath: '', writable: true }])}>
        Add folder
      </button>
    </fieldset>
  );
}
