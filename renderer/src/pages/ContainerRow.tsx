/** One container in the table. */
import type { ContainerSummary } from '../../../preload/contract/dto';
import { ContainerActions } from '../components/ContainerActions';
import { StateBadge } from '../components/StateBadge';
import { formatPorts, formatUptime } from '../lib/format';
import { formatHash } from '../lib/routes';

export function ContainerRow({ container: c, now, nested }: { container: ContainerSummary; now: number; nested: boolean }) {
  const ports = formatPorts(c.ports);
  return (
    <tr data-testid="container-row" data-name={c.name} data-state={c.state} className={nested ? 'nested' : undefined}>
      <td className="name-cell">
        <a href={formatHash({ page: 'container', id: c.id, tab: 'logs' })}>{c.name}</a>
        {c.service && c.service !== c.name && <span className="sub">{c.service}</span>}
      </td>
      <td>
        <StateBadge state={c.state} />
      </td>
      <td className="truncate mono-soft" title={c.image}>
        {c.image}
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
