/** Ports: every published port Berth forwards from its VM to this host, live. */
import { EngineNotRunning } from '../components/EngineGate';
import { StateBadge } from '../components/StateBadge';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatBytes } from '../lib/format';
import { brokenForwards, forwardAddress, forwardUrl } from '../lib/ports-view';
import { formatHash } from '../lib/routes';
import { usePorts } from '../stores/ports';

export function PortsPage() {
  const status = usePorts((s) => s.status);
  const error = usePorts((s) => s.error);
  const refresh = usePorts((s) => s.refresh);

  let body;
  if (!status && error) body = <ErrorBox error={error} onRetry={() => void refresh()} />;
  else if (!status) body = <Loading label="Loading ports…" />;
  else if (status.mode === 'off') body = <EngineNotRunning />;
  else if (status.mode === 'direct')
    body = <Empty>The engine runs on this host and publishes ports itself: each published port is already open here (see the Containers page).</Empty>;
  else if (status.problem) body = <ErrorBox error={`Published ports are not forwarded to this host: ${status.problem}`} />;
  else if (status.forwards.length === 0)
    body = <Empty>No published ports. Run a container with <code>-p 8080:80</code> and it appears here.</Empty>;
  else {
    const broken = brokenForwards(status.forwards);
    body = (
      <>
        {broken.length > 0 && (
          <div className="notice warn" role="alert" data-testid="ports-broken">
            {broken.map((f) => (
              <div key={f.id}>
                {f.containerName}: {f.message}
              </div>
            ))}
          </div>
        )}
        <table className="table" data-testid="ports-table">
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Container</th>
              <th scope="col">Port</th>
              <th scope="col">State</th>
              <th scope="col" className="num">Connections</th>
              <th scope="col" className="num">In</th>
              <th scope="col" className="num">Out</th>
            </tr>
          </thead>
          <tbody>
            {status.forwards.map((f) => {
              const url = forwardUrl(f);
              return (
                <tr key={f.id} data-testid="port-row" data-port={f.hostPort} data-state={f.state}>
                  <td className="mono-soft">{url ? <a href={url} target="_blank" rel="noreferrer">{forwardAddress(f)}</a> : forwardAddress(f)}</td>
                  <td><a href={formatHash({ page: 'container', id: f.containerId, tab: 'logs' })}>{f.containerName}</a></td>
                  <td>{f.containerPort}/{f.protocol}</td>
                  <td>
                    <StateBadge state={f.state} />
                    {f.message && <div className="sub" data-testid="port-message">{f.message}</div>}
                  </td>
                  <td className="num">{f.connections}{f.activeConnections > 0 ? ` (${f.activeConnections} open)` : ''}</td>
                  <td className="num">{formatBytes(f.bytesIn)}</td>
                  <td className="num">{formatBytes(f.bytesOut)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </>
    );
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>Ports</h1>
      </header>
      {body}
    </section>
  );
}
