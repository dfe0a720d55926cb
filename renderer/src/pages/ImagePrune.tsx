/** Prune: dangling images only, or every image no container uses; says what it freed. */
import { useState } from 'react';
import type { ImagePruneResult } from '../../../preload/contract/images';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatBytes, plural } from '../lib/format';
import { runAction } from '../stores/toasts';

export function pruneSummary(result: ImagePruneResult): string {
  if (result.deletedCount === 0 && result.untaggedCount === 0) return 'Nothing to prune: no image matched.';
  const parts = [`Removed ${plural(result.deletedCount, 'image')}`];
  if (result.untaggedCount > 0) parts.push(`untagged ${plural(result.untaggedCount, 'tag')}`);
  return `${parts.join(', ')}; reclaimed ${formatBytes(result.spaceReclaimedBytes)}.`;
}

export function PruneImages() {
  const [confirming, setConfirming] = useState(false);
  const [all, setAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);
  const online = useOnline();
  const prune = async () => {
    setConfirming(false);
    setBusy(true);
    setSummary(null);
    await runAction('Prune images', async () => setSummary(pruneSummary(await api.call('images:prune', { all }))));
    setBusy(false);
  };
  return (
    <>
      <button type="button" disabled={busy || !online} onClick={() => setConfirming(true)}>Prune…</button>
      {summary && <p className="muted small" role="status" data-testid="prune-result">{summary}</p>}
      {confirming && (
        <ConfirmDialog title="Prune images?" confirmLabel="Prune" onConfirm={() => void prune()} onCancel={() => setConfirming(false)}>
          <label className="check">
            <input type="radio" name="prune-scope" checked={!all} onChange={() => setAll(false)} />
            Dangling images only (untagged, used by no container)
          </label>
          <label className="check">
            <input type="radio" name="prune-scope" checked={all} onChange={() => setAll(true)} />
            All unused images (every image no container uses, tagged or not)
          </label>
          <p>Removed images must be pulled, built or loaded again to be used. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
