/** Shown while the web transport is down and reconnecting. */
import { useConnection } from '../api/connection';
import { LOST_MESSAGE } from '../api/ws-client';

export function ConnectionBanner() {
  const status = useConnection((s) => s.status);
  if (status !== 'reconnecting') return null;
  return (
    <div className="banner" role="alert" data-testid="connection-banner">
      <span className="spinner" aria-hidden="true" /> {LOST_MESSAGE}
    </div>
  );
}
