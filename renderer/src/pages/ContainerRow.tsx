/** One container in the table. */
import { memo } from 'react';
import type { ContainerSummary } from '../../../preload/contract/dto';
import { ActionProgress } from '../components/ActionProgress';
import { ContainerActions } from '../components/ContainerActions';
import { StateBadge } from '../components/StateBadge';
import { displayImage, formatPorts, formatUptime } from '../lib/format';
import { formatHash } from '../lib/routes';
import { brokenForwardLabel, forwardFor } from '../lib/ports-view';
import { useInFlight } from '../stores/container-ops';
import { usePorts } from '../stores/ports';

// Memoised: the store keeps an unchanged container's object, so a change to one container re-renders one row.
export const ContainerRow = memo(function ContainerRow({ container: c, now, nested }: { container: ContainerSummary; now: number; nested: boolean }) {
  const ports = formatPorts(c.ports);
  const broken = useBrokenForwards(c);
  const busy = useInFlight(c.id).length > 0;
  return (
    <tr
      data-testid="container-row"
      data-name={c.name}
      data-state={c.state}
      data-busy={busy || undefined}
      aria-busy={busy || undefined}
      className={nested ? 'nested' : undefined}
    >
      <td className="name-cell">
        <a href={formatHash({ page: 'container', id: c.id, tab: 'logs' })}>{c.name}</a>
        {c.service && c.service !== c.name && <span className="sub">{c.service}</span>}
      </td>
      <td className="state-cell">
        <StateBadge state={c.state} />
        <ActionProgress container={c} />
      </td>
      <td className="truncate mono-soft" title={c.image}>
        {displayImage(c.image)}
      </td>
      <td className="ports">
        {ports.length === 0 ? <span className="muted">—</span> : ports.map((p) => <div key={p}>{p}</div>)}
        {broken.map((message) => (
          <div key={message} className="badge port-broken" data-testid="port-broken" title={message}>
            {message}
          </div>
        ))}
      </td>
      <td className="uptime">{formatUptime(c, now)}</td>
      <td className="actions-cell">
        <ContainerActions container={c} />
      </td>
    </tr>
  );
});

/** What is wrong with this container's forwarded ports (a port taken on the host), for the ports column. */
function useBrokenForwards(c: ContainerSummary): string[] {
  const forwards = usePorts((s) => s.status?.forwards);
  if (!forwards) return [];
  return c.ports
    .map((binding) => forwardFor(forwards, c.id, binding))
    .filter((f) => f !== undefined && (f.state === 'conflict' || f.state === 'failed'))
    .map((f) => brokenForwardLabel(f!))
    .filter((text, i, all) => all.indexOf(text) === i);
}
