/** One container: header with its actions, and the Logs / Inspect tabs. */
import { useMemo } from 'react';
import { ActionProgress } from '../components/ActionProgress';
import { ContainerActions } from '../components/ContainerActions';
import { EngineNotRunning, engineIsUp } from '../components/EngineGate';
import { StateBadge } from '../components/StateBadge';
import { ErrorBox, Loading } from '../components/States';
import { displayImage, formatPorts, formatUptime, shortId } from '../lib/format';
import { findContainer } from '../lib/grouping';
import { formatHash, type ContainerTab } from '../lib/routes';
import { useNow } from '../lib/use-now';
import { useContainers } from '../stores/containers';
import { useEngine } from '../stores/engine';
import { navigate } from '../stores/ui';
import { InspectView } from './InspectView';
import { LogsView } from './LogsView';
import { ContainerTerminal } from './ContainerTerminal';
import { StatsView } from './StatsView';

const TABS: { tab: ContainerTab; label: string }[] = [
  { tab: 'logs', label: 'Logs' },
  { tab: 'stats', label: 'Stats' },
  { tab: 'inspect', label: 'Inspect' },
  { tab: 'terminal', label: 'Terminal' },
];

export function ContainerDetailPage({ id, tab }: { id: string; tab: ContainerTab }) {
  const items = useContainers((s) => s.items);
  const error = useContainers((s) => s.error);
  const engineState = useEngine((s) => s.status?.state);
  const container = useMemo(() => (items ? findContainer(items, id) : undefined), [items, id]);
  const now = useNow();

  const back = (
    // Not named "Containers", so the nav link stays the only one with that name.
    <a href="#/containers" className="crumb" aria-label="Back to the container list">
      ← Back
    </a>
  );
  if ((engineState && !engineIsUp(engineState)) || error?.code === 'engine-unavailable') {
    return (
      <section className="page">
        {back}
        <EngineNotRunning />
      </section>
    );
  }
  if (!items) {
    return <section className="page">{error ? <ErrorBox error={error} /> : <Loading label="Loading container…" />}</section>;
  }
  if (!container) {
    return (
      <section className="page">
        {back}
        <div className="error-box" role="alert" data-testid="no-such-container">
          No such container: {id}
        </div>
      </section>
    );
  }

  const ports = formatPorts(container.ports);
  const run = `${container.startedAt ?? 'none'}`;
  return (
    <section className="page detail">
      {back}
      <header className="page-header detail-header">
        <div>
          <h1>
            {container.name} <StateBadge state={container.state} />
            <ActionProgress container={container} />
          </h1>
          <div className="meta">
            <span className="mono-soft" title={container.image}>
              {displayImage(container.image)}
            </span>
            <span title={container.id}>{shortId(container.id)}</span>
            <span>{formatUptime(container, now)}</span>
            {ports.length > 0 && <span>{ports.join(', ')}</span>}
          </div>
        </div>
        <ContainerActions container={container} compact={false} onRemoved={() => navigate({ page: 'containers' })} />
      </header>
      <div className="tabs" role="tablist" aria-label="Container views">
        {TABS.map((t) => (
          <a
            key={t.tab}
            role="tab"
            aria-selected={tab === t.tab}
            href={formatHash({ page: 'container', id, tab: t.tab })}
            className={tab === t.tab ? 'tab active' : 'tab'}
          >
            {t.label}
          </a>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel">
        {tab === 'logs' ? (
          <LogsView key={container.id} sources={[{ id: container.id, label: null }]} run={run} name={container.name} />
        ) : tab === 'stats' ? (
          <StatsView key={`${container.id}|${run}`} container={container} />
        ) : tab === 'terminal' ? (
          <ContainerTerminal key={container.id} container={container} run={run} />
        ) : (
          <InspectView id={container.id} version={`${container.state}|${run}`} />
        )}
      </div>
    </section>
  );
}
