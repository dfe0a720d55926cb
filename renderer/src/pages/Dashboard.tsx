/** Engine state and controls, what the engine is, and what it stores. */
import { useEffect, type ReactNode } from 'react';
import type { EngineState } from '../../../preload/contract/dto';
import { ProgressBar } from '../components/ProgressBar';
import { StateBadge } from '../components/StateBadge';
import { ErrorBox, Loading } from '../components/States';
import { formatBytes } from '../lib/format';
import { useEngine, type EngineCommand } from '../stores/engine';
import { runAction } from '../stores/toasts';

const ENABLED: Record<EngineCommand, EngineState[]> = {
  'engine:start': ['stopped', 'error'],
  'engine:stop': ['running', 'paused', 'starting'],
  'engine:restart': ['running', 'paused', 'error'],
  'engine:pause': ['running'],
  'engine:resume': ['paused'],
};

const BUTTONS: { method: EngineCommand; label: string; primary?: boolean }[] = [
  { method: 'engine:start', label: 'Start', primary: true },
  { method: 'engine:stop', label: 'Stop' },
  { method: 'engine:restart', label: 'Restart' },
];

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value ?? '—'}</dd>
    </>
  );
}

export function DashboardPage() {
  const status = useEngine((s) => s.status);
  const statusError = useEngine((s) => s.statusError);
  const info = useEngine((s) => s.info);
  const infoError = useEngine((s) => s.infoError);
  const busy = useEngine((s) => s.busy);
  const command = useEngine((s) => s.command);
  const refreshInfo = useEngine((s) => s.refreshInfo);
  const state = status?.state;
  const running = state === 'running';

  // Disk usage moves without an event; look again each time the page opens.
  useEffect(() => {
    if (running) void refreshInfo();
  }, [running, refreshInfo]);

  if (!status) {
    return <section className="page">{statusError ? <ErrorBox error={statusError} /> : <Loading label="Asking the engine…" />}</section>;
  }

  const buttons = [...BUTTONS];
  if (state === 'paused') buttons.push({ method: 'engine:resume', label: 'Resume' });

  return (
    <section className="page dashboard">
      <header className="page-header">
        <h1>Dashboard</h1>
      </header>
      <div className="card">
        <div className="card-head">
          <h2>Engine</h2>
          <StateBadge state={status.state} />
          <div className="spacer" />
          {buttons.map((b) => (
            <button
              key={b.method}
              type="button"
              className={b.primary ? 'primary' : undefined}
              disabled={busy !== null || !ENABLED[b.method].includes(status.state)}
              onClick={() => void runAction(`${b.label} engine`, () => command(b.method))}
            >
              {b.label}
            </button>
          ))}
        </div>
        {status.progress && (state === 'starting' || state === 'stopping') && (
          <ProgressBar fraction={status.progress.fraction} label={status.progress.message} />
        )}
        {status.error && <ErrorBox error={status.error} />}
        <dl className="facts">
          <Row label="Backend" value={status.backend} />
          <Row label="Docker host" value={status.dockerHost && <code className="copyable">{status.dockerHost}</code>} />
          {status.dockerHost && (
            <Row label="Use it with" value={<code className="copyable">export DOCKER_HOST={status.dockerHost}</code>} />
          )}
        </dl>
        {status.warnings.length > 0 && (
          <ul className="warnings" aria-label="Warnings">
            {status.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
      </div>

      {running && (
        <div className="grid-2">
          <div className="card">
            <h2>System</h2>
            {infoError && <ErrorBox error={infoError} onRetry={() => void refreshInfo()} />}
            {!info && !infoError && <Loading label="Reading engine info…" />}
            {info && (
              <dl className="facts">
                <Row label="Version" value={info.version} />
                <Row label="API version" value={info.apiVersion} />
                <Row label="OS" value={`${info.os} (${info.arch})`} />
                <Row label="Kernel" value={info.kernelVersion} />
                <Row label="CPUs" value={info.cpus} />
                <Row label="Memory" value={formatBytes(info.memoryBytes, true)} />
                <Row label="Storage driver" value={info.storageDriver} />
                <Row
                  label="Containers"
                  value={`${info.containers.total} (${info.containers.running} running, ${info.containers.paused} paused, ${info.containers.stopped} stopped)`}
                />
                <Row label="Images" value={info.images} />
              </dl>
            )}
          </div>
          <div className="card">
            <h2>Disk usage</h2>
            {info && (
              <dl className="facts">
                <Row label="Images" value={formatBytes(info.disk.imagesBytes)} />
                <Row label="Containers" value={formatBytes(info.disk.containersBytes)} />
                <Row label="Volumes" value={formatBytes(info.disk.volumesBytes)} />
                <Row label="Build cache" value={formatBytes(info.disk.buildCacheBytes)} />
                <Row label="Total" value={<strong>{formatBytes(info.disk.totalBytes)}</strong>} />
              </dl>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
