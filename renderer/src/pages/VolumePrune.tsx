/** Prune volumes no container uses; says what it removed and the space it gave back. */
import { useState } from 'react';
import type { VolumePruneResult } from '../../../preload/contract/volumes-browse';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatBytes, plural } from '../lib/format';
import { runAction } from '../stores/toasts';

export function volumePruneSummary(result: VolumePruneResult): string {
  if (result.deleted.length === 0) return 'Nothing to prune: every volume is in use.';
  return `Removed ${plural(result.deleted.length, 'volume')}; reclaimed ${formatBytes(result.spaceReclaimedBytes)}.`;
}

export function PruneVolumes() {
  const [confirming, setConfirming] = useState(false);
  const [all, setAll] = useState(true);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);
  const online = useOnline();
  const prune = async () => {
    setConfirming(false);
    setBusy(true);
    setSummary(null);
    await runAction('Prune volumes', async () => setSummary(volumePruneSummary(await api.call('volumes:prune', { all }))));
    setBusy(false);
  };
  return (
    <>
      <button type="button" disabled={busy || !online} onClick={() => setConfirming(true)}>Prune…</button>
      {summary && <p className="muted small" role="status" data-testid="volume-prune-result">{summary}</p>}
      {confirming && (
        <ConfirmDialog title="Prune volumes?" confirmLabel="Prune" onConfirm={() => void prune()} onCancel={() => setConfirming(false)}>
          <p>Removes volumes that no container (running or stopped) uses. Their data is deleted. This cannot be undone.</p>
          <label className="check">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
            Named volumes too, not only anonymous ones (engines before API 1.42 always include them)
          </label>
        </ConfirmDialog>
      )}
    </>
  );
}
