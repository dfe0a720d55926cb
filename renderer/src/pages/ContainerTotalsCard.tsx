/** The dashboard's sums over the running containers, streamed while the dashboard shows. */
import { useMemo } from 'react';
import { ErrorBox } from '../components/States';
import { formatBytes, plural } from '../lib/format';
import { totalsOf } from '../stats/stats-history';
import { useContainerStats } from '../stats/use-container-stats';
import { useContainers } from '../stores/containers';
import { formatPercent, formatRate } from './StatsView';
import './stats.css';

export function ContainerTotalsCard() {
  const items = useContainers((s) => s.items);
  const runningIds = useMemo(() => (items ?? []).filter((c) => c.state === 'running').map((c) => c.id), [items]);
  const { history, error } = useContainerStats(runningIds);
  const totals = totalsOf(history, runningIds);

  return (
    <div className="card" data-testid="container-totals">
      <h2>Containers’ use</h2>
      {error && <ErrorBox error={error} />}
      {runningIds.length === 0 ? (
        <p className="muted">No container is running.</p>
      ) : (
        <dl className="facts">
          <dt>Running</dt>
          <dd>{plural(runningIds.length, 'container')}</dd>
          <dt>CPU</dt>
          <dd data-testid="totals-cpu">{totals.containers > 0 ? formatPercent(totals.cpuPercent) : '…'}</dd>
          <dt>Memory</dt>
          <dd data-testid="totals-memory">{totals.containers > 0 ? formatBytes(totals.memoryUsedBytes, true) : '…'}</dd>
          <dt>Network</dt>
          <dd>
            {formatRate(totals.rates.networkRxPerSec)} in · {formatRate(totals.rates.networkTxPerSec)} out
          </dd>
          <dt>Block I/O</dt>
          <dd>
            {formatRate(totals.rates.blockReadPerSec)} read · {formatRate(totals.rates.blockWritePerSec)} write
          </dd>
        </dl>
      )}
    </div>
  );
}
