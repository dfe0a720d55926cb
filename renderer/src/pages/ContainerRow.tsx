/** One container in the table. */
import type { ContainerSummary } from '../../../preload/contract/dto';
import { ActionProgress } from '../components/ActionProgress';
import { ContainerActions } from '../components/ContainerActions';
import { StateBadge } from '../components/StateBadge';
import { displayImage, formatPorts, formatUptime } from '../lib/format';
import { formatHash } from '../lib/routes';
import { useInFlight } from '../stores/container-ops';

export function ContainerRow({ container: c, now, nested }: { container: ContainerSummary; now: number; nested: boolean }) {
  const ports = formatPorts(c.ports);
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
      </td>
      <td className="uptime">{formatUptime(c, now)}</td>
      <td className="actions-cell">
        <ContainerActions container={c} />
      </td>
    </tr>
  );
}
