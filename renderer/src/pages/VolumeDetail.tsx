/** One volume: the containers that use it, its files, and export/import as tar. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BerthError } from '../../../preload/contract/errors';
import type { VolumeUser } from '../../../preload/contract/volumes-browse';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { EngineNotRunning, engineIsUp } from '../components/EngineGate';
import { ErrorBox, Loading } from '../components/States';
import { formatBytes } from '../lib/format';
import { importVolumeTar, isDesktop, volumeTransferPaths } from '../lib/volume-transfer';
import { useEngine } from '../stores/engine';
import { toBerthError } from '../stores/list-store';
import { runAction, useToasts } from '../stores/toasts';
import { useVolumes } from '../stores/volumes';
import { VolumeFiles } from './VolumeFiles';
import '../volumes/volumes.css';

function VolumeUsers({ name }: { name: string }) {
  const [users, setUsers] = useState<VolumeUser[] | null>(null);
  const [error, setError] = useState<BerthError | null>(null);
  // The volume list is pushed whenever a container is created or removed: the users may have changed too.
  const list = useVolumes((s) => s.items);
  const load = useCallback(
    () =>
      api.call('volumes:users', { name }).then(
        (next) => {
          setUsers(next);
          setError(null);
        },
        (e: unknown) => setError(toBerthError(e)),
      ),
    [name],
  );
  useEffect(() => {
    void load();
  }, [load, list]);

  let body;
  if (!users && error) body = <ErrorBox error={error} onRetry={() => void load()} />;
  else if (!users) body = <Loading label="Finding the containers that use it…" />;
  else if (users.length === 0) body = <p className="muted" data-testid="volume-users-none">No container uses this volume.</p>;
  else
    body = (
      <table className="table" data-testid="volume-users">
        <thead>
          <tr>
            <th scope="col">Container</th>
            <th scope="col">State</th>
            <th scope="col">Mounted at</th>
            <th scope="col">Access</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={`${u.containerId}:${u.destination}`} data-testid="volume-user" data-name={u.containerName}>
              <td><a href={`#/containers/${encodeURIComponent(u.containerId)}/logs`}>{u.containerName}</a></td>
              <td>{u.state}</td>
              <td className="mono-soft">{u.destination}</td>
              <td>{u.readOnly ? 'read-only' : 'read-write'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  return (
    <section className="card" aria-labelledby="volume-users-title">
      <div className="card-head"><h2 id="volume-users-title">Used by</h2></div>
      {body}
    </section>
  );
}

async function exportToFile(name: string): Promise<void> {
  await runAction(`Export ${name}`, async () => {
    const { savedTo } = await api.call('volumes:export-file', { name });
    if (savedTo) useToasts.getState().push('info', `Exported ${name} to ${savedTo}`);
  });
}

function Transfer({ name, onImported }: { name: string; onImported(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const online = useOnline();
  const upload = async (file: File) => {
    setFailure(null);
    setImporting(file.name);
    try {
      await importVolumeTar(name, file);
      useToasts.getState().push('info', `Imported ${file.name} (${formatBytes(file.size)}) into ${name}`);
      onImported();
    } catch (e) {
      setFailure(toBerthError(e).message);
    } finally {
      setImporting(null);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div className="volume-transfer">
      {isDesktop() ? (
        <button type="button" disabled={!online} onClick={() => void exportToFile(name)}>Export as .tar…</button>
      ) : (
        <a className="button" href={volumeTransferPaths.exportTar(name)} download={`${name}.tar`}>Export as .tar</a>
      )}
      <input ref={input} type="file" accept=".tar,.tgz,.tar.gz,application/x-tar,application/gzip" hidden
        data-testid="volume-import-input" aria-label={`Tar archive to import into ${name}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
        }} />
      <button type="button" disabled={!online || importing !== null} onClick={() => input.current?.click()}
        title="Unpack a .tar into the volume's root; files of the same name are replaced">
        {importing ? `Importing ${importing}…` : 'Import from .tar…'}
      </button>
      {failure && <div className="error-box" role="alert" data-testid="volume-import-error"><span>{failure}</span></div>}
    </div>
  );
}

export function VolumeDetailPage({ name }: { name: string }) {
  const engineState = useEngine((s) => s.status?.state);
  const volume = useVolumes((s) => s.items?.find((v) => v.name === name));
  const [reloadKey, setReloadKey] = useState(0);
  const up = !(engineState && !engineIsUp(engineState));
  return (
    <section className="page">
      <header className="page-header">
        <div>
          <a href="#/volumes" className="muted small">← Volumes</a>
          <h1>Volume {name}</h1>
          {volume && (
            <p className="muted small">
              {volume.driver} · {formatBytes(volume.sizeBytes)} · <span className="mono-soft">{volume.mountpoint}</span>
            </p>
          )}
        </div>
        {up && <Transfer name={name} onImported={() => setReloadKey((k) => k + 1)} />}
      </header>
      {!up ? (
        <EngineNotRunning />
      ) : (
        <div className="volume-detail">
          <VolumeUsers name={name} />
          <VolumeFiles name={name} reloadKey={reloadKey} />
        </div>
      )}
    </section>
  );
}
