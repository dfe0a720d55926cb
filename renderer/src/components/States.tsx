/** The loading, empty and error placeholders every page uses. */
import type { ReactNode } from 'react';
import type { BerthError } from '../../../preload/contract/errors';

export function Loading({ label }: { label: string }) {
  return (
    <div className="placeholder" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="placeholder empty">{children}</div>;
}

export function ErrorBox({ error, onRetry }: { error: BerthError | Error | string; onRetry?: () => void }) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="error-box" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
