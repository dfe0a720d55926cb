/** Volumes: list, create (name optional), remove with confirmation. */
import { useState } from 'react';
import type { VolumeSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { RemoveButton } from '../components/RemoveButton';
import { ResourceListBody, useResourceList } from '../components/ResourceListBody';
import { formatBytes, plural } from '../lib/format';
import { useVolumes } from '../stores/volumes';
import { PruneVolumes } from './VolumePrune';
import { runAction, useToasts } from '../stores/toasts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

function CreateVolume() {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const trimmed = name.trim();
  const invalid = trimmed !== '' && !NAME.test(trimmed);
  const create = async () => {
    setBusy(true);
    let created: VolumeSummary | undefined;
    const ok = await runAction('Create volume', async () => {
      created = await api.call('volumes:create', trimmed ? { name: trimmed } : {});
    });
    setBusy(false);
    if (ok) {
      setName('');
      if (created) useToasts.getState().push('info', `Created volume ${created.name}`);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (!invalid) void create(); }}>
      <label htmlFor="volume-name">Volume name</label>
      <input id="volume-name" value={name} placeholder="optional" onChange={(e) => setName(e.target.value)}
        aria-invalid={invalid} aria-describedby={invalid ? 'volume-name-error' : undefined} />
      <button type="submit" className="primary" disabled={busy || invalid || !online}>Create</button>
      {invalid && <span id="volume-name-error" className="field-error">Use letters, digits, _ . - (starting with a letter or digit).</span>}
    </form>
  );
}

/** What the remove dialog says about a volume's use; null when nothing uses it (or that is unknown). */
export function volumeInUseText(refCount: number | null): string | null {
  if (refCount == null || refCount <= 0) return null;
  return `In use by ${plural(refCount, 'container')}. The engine refuses to remove a volume in use, even with Force: remove ${refCount === 1 ? 'that container' : 'those containers'} first.`;
}

export const VOLUME_FORCE_LABEL = 'Force: forget the volume even if its driver fails to remove it';

function RemoveVolume({ volume }: { volume: VolumeSummary }) {
  const [force, setForce] = useState(false);
  const inUse = volumeInUseText(volume.refCount);
  return (
    <RemoveButton name={volume.name} action={`Remove volume ${volume.name}`} dialogTitle={`Remove volume ${volume.name}?`}
      remove={() => api.call('volumes:remove', { name: volume.name, force })}>
      {inUse && (
        <div className="notice warn" data-testid="volume-in-use">
          {inUse}
        </div>
      )}
      <p>Its data is deleted. This cannot be undone.</p>
      <label className="check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        {VOLUME_FORCE_LABEL}
      </label>
    </RemoveButton>
  );
}

export function VolumesPage() {
  const list = useResourceList(useVolumes);

  return (
    <section className="page">
      <header className="page-header">
        <h1>Volumes</h1>
        {list.reachable && <CreateVolume />}
        {list.reachable && <PruneVolumes />}
      </header>
      <ResourceListBody {...list} loadingLabel="Loading volumes…"
        empty={<>No volumes yet. Create one above or with <code>docker volume create</code>.</>}>
        {(volumes) => (
          <table className="table" data-testid="volumes-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Driver</th>
                <th scope="col">Mountpoint</th>
                <th scope="col" className="num">Size</th>
                <th scope="col" className="num">In use by</th>
                <th scope="col" className="actions-cell">Actions</th>
              </tr>
            </thead>
            <tbody>
              {[...volumes].sort((a, b) => a.name.localeCompare(b.name)).map((v) => (
                <tr key={v.name} data-testid="volume-row" data-name={v.name}>
                  <td className="truncate" title={v.name}><a href={`#/volumes/${encodeURIComponent(v.name)}`}>{v.name}</a></td>
                  <td>{v.driver}</td>
                  <td className="truncate mono-soft" title={v.mountpoint}>{v.mountpoint}</td>
                  <td className="num">{formatBytes(v.sizeBytes)}</td>
                  <td className="num">{v.refCount == null ? '—' : v.refCount === 0 ? 'unused' : plural(v.refCount, 'container')}</td>
                  <td className="actions-cell">
                    <div className="actions compact">
                      <RemoveVolume volume={v} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceListBody>
    </section>
  );
}
