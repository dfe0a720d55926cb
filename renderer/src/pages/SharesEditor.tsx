/** The shared folders list: host path + writable per row, add and remove, and each saved share's state in the VM. */
import type { ReactNode } from 'react';
import type { Share } from '../../../preload/contract/settings';
import type { ShareRow, SharesReport } from '../../../preload/contract/shares';
import { Icon } from '../components/icons';
import type { SettingsErrors } from '../settings/validation';

interface Props {
  shares: Share[];
  errors: SettingsErrors;
  /** E.g. "Used by the VM backend only". */
  hint?: string | null;
  onChange(shares: Share[]): void;
  /** How the saved shares are carried now (`shares:list`); rows not saved yet have none. */
  report?: SharesReport | null;
  /** More sharing options, below the list. */
  children?: ReactNode;
}

export function SharesEditor({ shares, errors, hint, onChange, report, children }: Props) {
  const update = (i: number, patch: Partial<Share>) => onChange(shares.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset className="shares">
      <legend>Shared folders</legend>
      <p className="hint">
        Folders of this computer visible to containers at the same path.
        {hint && <span className="hint-vm"> {hint}.</span>}
      </p>
      {report && <Mechanisms report={report} />}
      {shares.length === 0 && <p className="muted small">No folders are shared.</p>}
      {shares.map((share, i) => {
        const error = errors[`shares.${i}`];
        const errorId = `share-${i}-error`;
        const row = report?.shares.find((r) => r.hostPath === share.hostPath.trim().replace(/(.)\/+$/, '$1') && r.writable === share.writable);
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
            {row && <ShareStatus row={row} />}
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
      {children}
    </fieldset>
  );
}

function Mechanisms({ report }: { report: SharesReport }) {
  const available = report.mechanisms.filter((m) => m.available).map((m) => m.name);
  return (
    <p className="hint" data-testid="share-mechanisms">
      {available.length > 0 ? `Shared over ${available.join(' or ')}.` : 'No sharing mechanism is available on this computer.'}{' '}
      {report.mechanisms
        .filter((m) => !m.available)
        .map((m) => `${m.name}: ${m.detail}.`)
        .join(' ')}
    </p>
  );
}

const STATE_CLASS: Record<ShareRow['state'], string> = {
  mounted: 'ok',
  merged: 'ok',
  host: 'ok',
  pending: 'muted',
  refused: 'bad',
  'not-mounted': 'bad',
  failed: 'bad',
};

function ShareStatus({ row }: { row: ShareRow }) {
  return (
    <div className={`share-status share-${STATE_CLASS[row.state]}`} data-testid="share-status">
      <strong>{[row.mechanism, row.state].filter(Boolean).join(' · ')}</strong> — {row.message}
    </div>
  );
}
