/** Volumes: list, create (name optional), remove with confirmation. */
import { useState } from 'react';
import type { VolumeSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EngineNotRunning, engineIsUp } from '../components/EngineGate';
import { Icon } from '../components/icons';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatBytes, plural } from '../lib/format';
import { useEngine } from '../stores/engine';
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
  const [confirming, setConfirming] = useState(false);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const inUse = volumeInUseText(volume.refCount);
  const remove = async () => {
    setConfirming(false);
    setBusy(true);
    await runAction(`Remove volume ${volume.name}`, () => api.call('volumes:remove', { name: volume.name, force }));
    setBusy(false);
  };
  return (
    <>
      <button type="button" className="action-remove" aria-label={`Remove ${volume.name}`} title={`Remove ${volume.name}`}
        disabled={busy || !online} onClick={() => setConfirming(true)}>
        <Icon name="remove" />
      </button>
      {confirming && (
        <ConfirmDialog title={`Remove volume ${volume.name}?`} confirmLabel="Remove" onConfirm={() => void remove()} onCancel={() => setConfirming(false)}>
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
        </ConfirmDialog>
      )}
    </>
  );
}

export function VolumesPage() {
  const items = useVolumes((s) => s.items);
  const error = useVolumes((s) => s.error);
  const refresh = useVolumes((s) => s.refresh);
  const engineState = useEngine((s) => s.status?.state);
  const up = !(engineState && !engineIsUp(engineState)) && error?.code !== 'engine-unavailable';

  let body;
  if (!up) body = <EngineNotRunning />;
  else if (!items && error) body = <ErrorBox error={error} onRetry={() => void refresh()} />;
  else if (!items) body = <Loading label="Loading volumes…" />;
  else if (items.length === 0) body = <Empty>No volumes yet. Create one above or with <code>docker volume create</code>.</Empty>;
  else
    body = (
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
          {[...items].sort((a, b) => a.name.localeCompare(b.name)).map((v) => (
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
    );

  return (
    <section className="page">
      <header className="page-header">
        <h1>Volumes</h1>
        {up && <CreateVolume />}
        {up && <PruneVolumes />}
      </header>
      {body}
    </section>
  );
}
