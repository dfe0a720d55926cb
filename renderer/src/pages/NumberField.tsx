/** A labelled whole-number input with its validation message and allowed range. */
import type { NumericRange } from '../../../preload/contract/settings';

interface Props {
  id: string;
  label: string;
  value: number;
  range: NumericRange;
  step?: number;
  error: string | undefined;
  onChange(value: number): void;
}

export function NumberField({ id, label, value, range, step = 1, error, onChange }: Props) {
  const errorId = `${id}-error`;
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
        aria-describedby={error ? errorId : `${id}-range`}
        onChange={(e) => onChange(e.target.value === '' ? NaN : Number(e.target.value))}
      />
      <span id={`${id}-range`} className="hint">
        {range.min}–{range.max}
      </span>
      {error && (
        <div id={errorId} className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
