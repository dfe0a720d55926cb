import { percentOf } from '../lib/engine-view';

/** A bar with its message and percentage, for engine start/stop; indeterminate when no step has been reported yet. */
interface Props {
  /** 0..1, or null while the first step has not been reported. */
  fraction: number | null;
  label: string;
  /** A thin bar with a one-line label, for the nav footer. */
  slim?: boolean;
}

export function ProgressBar({ fraction, label, slim = false }: Props) {
  const pct = fraction === null ? null : percentOf(fraction);
  return (
    <div className={slim ? 'progress slim' : 'progress'} data-testid={slim ? 'nav-progress' : 'engine-progress'}>
      <div
        className={pct === null ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={pct === null ? label : `${label} (${pct}%)`}
        aria-label={label}
      >
        <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      <div className="progress-label">
        <span className="progress-message" title={slim ? label : undefined}>{label}</span>
        {pct !== null && <span className="progress-pct">{pct}%</span>}
      </div>
    </div>
  );
}
