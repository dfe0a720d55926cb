/** Prune: dangling images only, or every image no container uses; says what it freed. */
import { useState } from 'react';
import type { ImagePruneResult } from '../../../preload/contract/images';
import { api } from '../api/client';
import { PruneButton } from '../components/PruneButton';
import { formatBytes, plural } from '../lib/format';

export function pruneSummary(result: ImagePruneResult): string {
  if (result.deletedCount === 0 && result.untaggedCount === 0) return 'Nothing to prune: no image matched.';
  const parts = [`Removed ${plural(result.deletedCount, 'image')}`];
  if (result.untaggedCount > 0) parts.push(`untagged ${plural(result.untaggedCount, 'tag')}`);
  return `${parts.join(', ')}; reclaimed ${formatBytes(result.spaceReclaimedBytes)}.`;
}

export function PruneImages() {
  const [all, setAll] = useState(false);
  return (
    <PruneButton action="Prune images" dialogTitle="Prune images?" resultTestId="prune-result"
      prune={async () => pruneSummary(await api.call('images:prune', { all }))}>
      <label className="check">
        <input type="radio" name="prune-scope" checked={!all} onChange={() => setAll(false)} />
        Dangling images only (untagged, used by no container)
      </label>
      <label className="check">
        <input type="radio" name="prune-scope" checked={all} onChange={() => setAll(true)} />
        All unused images (every image no container uses, tagged or not)
      </label>
      <p>Removed images must be pulled, built or loaded again to be used. This cannot be undone.</p>
    </PruneButton>
  );
}
