/** A labelled whole-number input with its validation message, allowed range and an optional hint. */
import type { NumericRange } from '../../../preload/contract/settings';

interface Props {
  id: string;
  label: string;
  value: number;
  range: NumericRange;
  step?: number;
  error: string | undefined;
  /** E.g. "Used by the VM backend only". */
  hint?: string | null;
  onChange(value: number): void;
}

export function NumberField({ id, label, value, range, step = 1, error, hint, onChange }: Props) {
  const errorId = `${id}-error`;
  const hintId = `${id}-range`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={range.min}
        max={range.max}
        step={step}
        value={Number.isFinite(value) ? value : ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        onChange={(e) => onChange(e.target.value === '' ? NaN : Number(e.target.value))}
      />
      <span id={hintId} className="hint">
        {range.min}–{range.max}
        {hint && <span className="hint-vm"> · {hint}</span>}
      </span>
      {error && (
        <div id={errorId} className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
