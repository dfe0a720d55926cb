/** Engine state and controls, the VM it runs in, what the engine is, and what it stores. */
import { useEffect, type ReactNode } from 'react';
import type { EngineState, VmStatus } from '../../../preload/contract/dto';
import { useOnline } from '../api/connection';
import { ProgressBar } from '../components/ProgressBar';
import { StateBadge } from '../components/StateBadge';
import { ContainerTotalsCard } from './ContainerTotalsCard';
import { ErrorBox, Loading } from '../components/States';
import { ACCELERATOR_LABEL, acceleratorWarning, engineProgress } from '../lib/engine-view';
import { formatBytes } from '../lib/format';
import { useVmResources } from '../lib/use-vm-resources';
import { followInfo, useEngine, type EngineCommand } from '../stores/engine';
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

function Usage({ used, total, percent }: { used: string; total?: string; percent: number }) {
  return (
    <span className="usage">
      <meter min={0} max={100} value={percent} aria-label={`${Math.round(percent)} %`} />
      {total ? `${used} of ${total}` : used}
    </span>
  );
}

function VmCard({ vm, running }: { vm: VmStatus; running: boolean }) {
  const warning = acceleratorWarning(vm.accelerator);
  const use = useVmResources(running);
  return (
    <div className="card" data-testid="vm-card">
      <h2>Virtual machine</h2>
      <dl className="facts">
        <Row
          label="Accelerator"
          value={
            <span className="accelerator" data-accelerator={vm.accelerator}>
              {ACCELERATOR_LABEL[vm.accelerator]}
              {warning && (
                <span className="badge badge-warn" data-testid="accelerator-warning">
                  ⚠ {warning}
                </span>
              )}
            </span>
          }
        />
        <Row label="Guest image" value={vm.imageVersion} />
        <Row label="CPUs" value={vm.cpus} />
        <Row label="Memory" value={formatBytes(vm.memoryMiB * 2 ** 20, true)} />
        <Row label="Disk" value={formatBytes(vm.diskGiB * 2 ** 30, true)} />
      </dl>
      {use && (
        <dl className="facts" data-testid="vm-resources">
          <Row label="CPU use" value={<Usage used={`${use.cpuPercent.toFixed(0)} %`} percent={use.cpuPercent} />} />
          <Row
            label="Memory use"
            value={
              <Usage
                used={formatBytes(use.memoryUsedBytes, true)}
                total={formatBytes(use.memoryTotalBytes, true)}
                percent={(100 * use.memoryUsedBytes) / use.memoryTotalBytes}
              />
            }
          />
          <Row
            label="Disk use"
            value={
              <Usage
                used={formatBytes(use.diskUsedBytes, true)}
                total={formatBytes(use.diskTotalBytes, true)}
                percent={(100 * use.diskUsedBytes) / use.diskTotalBytes}
              />
            }
          />
        </dl>
      )}
    </div>
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
  const online = useOnline();
  const state = status?.state;
  const running = state === 'running';

  // Disk usage moves without an event; look again each time the page opens.
  useEffect(() => {
    if (running && online) void refreshInfo();
  }, [running, online, refreshInfo]);
  // Counts and sizes follow container, image and volume changes while the page shows.
  useEffect(() => (running ? followInfo() : undefined), [running]);

  if (!status) {
    return <section className="page">{statusError ? <ErrorBox error={statusError} /> : <Loading label="Asking the engine…" />}</section>;
  }

  const buttons = [...BUTTONS];
  if (state === 'paused') buttons.push({ method: 'engine:resume', label: 'Resume' });
  // Only a VM can be frozen; the host's own engine is not Berth's to pause.
  else if (status.backend === 'qemu') buttons.push({ method: 'engine:pause', label: 'Pause' });
  // While the host is out of reach, the last known state may be stale: say so instead.
  const progress = online ? engineProgress(status) : null;

  return (
    <section className="page dashboard">
      <header className="page-header">
        <h1>Dashboard</h1>
      </header>
      {status.warnings.length > 0 && (
        <div className="notice warn warnings" role="alert" data-testid="engine-warnings">
          <span aria-hidden="true">⚠</span>
          <ul aria-label="Warnings">
            {status.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="card">
        <div className="card-head">
          <h2>Engine</h2>
          <StateBadge state={online ? status.state : 'disconnected'} />
          <div className="spacer" />
          {buttons.map((b) => (
            <button
              key={b.method}
              type="button"
              className={b.primary ? 'primary' : undefined}
              disabled={!online || busy !== null || !ENABLED[b.method].includes(status.state)}
              onClick={() => void runAction(`${b.label} engine`, () => command(b.method))}
            >
              {b.label}
            </button>
          ))}
        </div>
        {progress && <ProgressBar fraction={progress.fraction} label={progress.label} />}
        {status.error && <ErrorBox error={status.error} />}
        <dl className="facts">
          <Row label="Backend" value={status.backend && (status.backend === 'qemu' ? 'qemu (virtual machine)' : 'native (this computer’s Docker Engine)')} />
          <Row label="Docker host" value={status.dockerHost && <code className="copyable">{status.dockerHost}</code>} />
          {status.dockerHost && (
            <Row label="Use it with" value={<code className="copyable">export DOCKER_HOST={status.dockerHost}</code>} />
          )}
        </dl>
      </div>

      {status.vm && <VmCard vm={status.vm} running={running && online} />}
      {running && online && <ContainerTotalsCard />}

      {running && (
        <div className="grid-2">
          <div className="card">
            <h2>System</h2>
            {infoError && online && <ErrorBox error={infoError} onRetry={() => void refreshInfo()} />}
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
