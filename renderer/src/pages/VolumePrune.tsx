/** Prune volumes no container uses; says what it removed and the space it gave back. */
import { useState } from 'react';
import type { VolumePruneResult } from '../../../preload/contract/volumes-browse';
import { api } from '../api/client';
import { PruneButton } from '../components/PruneButton';
import { formatBytes, plural } from '../lib/format';

export function volumePruneSummary(result: VolumePruneResult): string {
  if (result.deleted.length === 0) return 'Nothing to prune: every volume is in use.';
  return `Removed ${plural(result.deleted.length, 'volume')}; reclaimed ${formatBytes(result.spaceReclaimedBytes)}.`;
}

export function PruneVolumes() {
  const [all, setAll] = useState(true);
  return (
    <PruneButton action="Prune volumes" dialogTitle="Prune volumes?" resultTestId="volume-prune-result"
      prune={async () => volumePruneSummary(await api.call('volumes:prune', { all }))}>
      <p>Removes volumes that no container (running or stopped) uses. Their data is deleted. This cannot be undone.</p>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
        Named volumes too, not only anonymous ones (engines before API 1.42 always include them)
      </label>
    </PruneButton>
  );
}
