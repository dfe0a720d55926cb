/** The Stats tab: live CPU, memory, network and block I/O of one running container, with the last few minutes charted. */
import type { ContainerSummary } from '../../../preload/contract/dto';
import { StatsChart } from '../components/StatsChart';
import { ErrorBox, Loading } from '../components/States';
import { formatBytes } from '../lib/format';
import { HISTORY_SAMPLES, ratesBetween } from '../stats/stats-history';
import { useContainerStats } from '../stats/use-container-stats';
import './stats.css';

const WINDOW_MS = HISTORY_SAMPLES * 1000;

export const formatRate = (bytesPerSec: number): string => `${formatBytes(bytesPerSec)}/s`;
/** The top of a chart: a fifth above the highest value, and never below `floor` so noise stays flat. */
const headroom = (floor: number, values: number[]): number => Math.max(floor, ...values) * 1.2;

export const formatPercent = (percent: number): string => `${percent.toFixed(percent < 10 ? 1 : 0)} %`;

export function StatsView({ container }: { container: ContainerSummary }) {
  const running = container.state === 'running';
  const { history, error } = useContainerStats([container.id], running);
  if (!running) {
    return <div className="muted stats-idle">Stats are shown while the container runs; it is {container.state}.</div>;
  }
  if (error) return <ErrorBox error={error} />;
  const samples = history.of(container.id);
  const latest = samples[samples.length - 1];
  if (!latest) return <Loading label="Waiting for the first sample…" />;

  const rates = samples.slice(1).map((s, i) => ({ t: s.sampledAt, r: ratesBetween(samples[i]!, s) }));
  const current = rates[rates.length - 1]?.r;
  const netMax = headroom(1000, rates.map((p) => Math.max(p.r.networkRxPerSec, p.r.networkTxPerSec)));
  const blockMax = headroom(1000, rates.map((p) => Math.max(p.r.blockReadPerSec, p.r.blockWritePerSec)));
  const cpuMax = headroom(1, samples.map((s) => s.cpuPercent));
  const memoryMax = headroom(2 ** 20, samples.map((s) => s.memoryUsedBytes));
  const memoryPercent = latest.memoryLimitBytes > 0 ? (100 * latest.memoryUsedBytes) / latest.memoryLimitBytes : 0;

  return (
    <div className="stats" data-testid="container-stats">
      <dl className="facts stats-figures">
        <dt>CPU</dt>
        <dd data-testid="stats-cpu">{formatPercent(latest.cpuPercent)}</dd>
        <dt>Memory</dt>
        <dd data-testid="stats-memory">
          {formatBytes(latest.memoryUsedBytes, true)} of {formatBytes(latest.memoryLimitBytes, true)} ({formatPercent(memoryPercent)})
        </dd>
        <dt>Network I/O</dt>
        <dd data-testid="stats-network">
          {formatBytes(latest.networkRxBytes)} received / {formatBytes(latest.networkTxBytes)} sent
        </dd>
        <dt>Block I/O</dt>
        <dd data-testid="stats-block">
          {formatBytes(latest.blockReadBytes)} read / {formatBytes(latest.blockWriteBytes)} written
        </dd>
        <dt>Processes</dt>
        <dd>{latest.pids}</dd>
      </dl>
      <div className="stats-charts">
        <StatsChart label="CPU" value={formatPercent(latest.cpuPercent)} max={cpuMax} windowMs={WINDOW_MS}
          points={samples.map((s) => ({ t: s.sampledAt, v: s.cpuPercent }))} />
        <StatsChart label="Memory" value={formatBytes(latest.memoryUsedBytes, true)} max={memoryMax} windowMs={WINDOW_MS}
          colour="var(--ansi-5)" points={samples.map((s) => ({ t: s.sampledAt, v: s.memoryUsedBytes }))} />
        <StatsChart label="Network (out dashed)" windowMs={WINDOW_MS} max={netMax} colour="var(--ansi-2)"
          value={current ? `${formatRate(current.networkRxPerSec)} in · ${formatRate(current.networkTxPerSec)} out` : '—'}
          points={rates.map((p) => ({ t: p.t, v: p.r.networkRxPerSec }))} second={rates.map((p) => ({ t: p.t, v: p.r.networkTxPerSec }))} />
        <StatsChart label="Block I/O (write dashed)" windowMs={WINDOW_MS} max={blockMax} colour="var(--ansi-3)"
          value={current ? `${formatRate(current.blockReadPerSec)} read · ${formatRate(current.blockWritePerSec)} write` : '—'}
          points={rates.map((p) => ({ t: p.t, v: p.r.blockReadPerSec }))} second={rates.map((p) => ({ t: p.t, v: p.r.blockWritePerSec }))} />
      </div>
    </div>
  );
}
