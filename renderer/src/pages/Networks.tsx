/** Networks: list with their containers, create (driver, subnet, gateway), remove, connect and disconnect containers. */
import { useState } from 'react';
import { NETWORK_DRIVERS, type NetworkDriver, type NetworkSummary } from '../../../preload/contract/networks';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { RemoveButton } from '../components/RemoveButton';
import { ResourceListBody, useResourceList } from '../components/ResourceListBody';
import { plural } from '../lib/format';
import { networkFormProblems } from '../lib/network-form';
import { useContainers } from '../stores/containers';
import { useNetworks } from '../stores/networks';
import { runAction, useToasts } from '../stores/toasts';
import '../volumes/volumes.css';

function CreateNetwork() {
  const [form, setForm] = useState({ name: '', driver: 'bridge' as NetworkDriver, subnet: '', gateway: '', internal: false });
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const problems = networkFormProblems(form);
  const invalid = Object.keys(problems).length > 0 || form.name.trim() === '';
  const create = async () => {
    setBusy(true);
    const name = form.name.trim();
    const ok = await runAction(`Create network ${name}`, () =>
      api.call('networks:create', {
        name,
        driver: form.driver,
        internal: form.internal,
        ...(form.subnet.trim() ? { subnet: form.subnet.trim() } : {}),
        ...(form.gateway.trim() ? { gateway: form.gateway.trim() } : {}),
      }),
    );
    setBusy(false);
    if (ok) {
      setForm({ name: '', driver: 'bridge', subnet: '', gateway: '', internal: false });
      useToasts.getState().push('info', `Created network ${name}`);
    }
  };
  const field = (key: 'name' | 'subnet' | 'gateway', label: string, placeholder: string) => (
    <>
      <label htmlFor={`network-${key}`}>{label}</label>
      <input id={`network-${key}`} value={form[key]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        aria-invalid={problems[key] !== undefined} aria-describedby={problems[key] ? `network-${key}-error` : undefined} />
    </>
  );
  return (
    <form className="inline-form network-form" onSubmit={(e) => { e.preventDefault(); if (!invalid) void create(); }}>
      {field('name', 'Network name', 'e.g. backend')}
      <label htmlFor="network-driver">Driver</label>
      <select id="network-driver" value={form.driver} onChange={(e) => setForm({ ...form, driver: e.target.value as NetworkDriver })}>
        {NETWORK_DRIVERS.map((d) => <option key={d} value={d}>{d}</option>)}
      </select>
      {field('subnet', 'Subnet', 'optional, e.g. 172.30.0.0/16')}
      {field('gateway', 'Gateway', 'optional, e.g. 172.30.0.1')}
      <label className="check">
        <input type="checkbox" checked={form.internal} onChange={(e) => setForm({ ...form, internal: e.target.checked })} />
        Internal (no outside access)
      </label>
      <button type="submit" className="primary" disabled={busy || invalid || !online}>Create</button>
      {(['name', 'subnet', 'gateway'] as const).map((key) =>
        problems[key] ? <span key={key} id={`network-${key}-error`} className="field-error">{problems[key]}</span> : null,
      )}
    </form>
  );
}

function ConnectContainer({ network }: { network: NetworkSummary }) {
  const containers = useContainers((s) => s.items) ?? [];
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const members = new Set(network.containers.map((m) => m.containerId));
  const candidates = containers.filter((c) => !members.has(c.id));
  if (network.name === 'host' || network.name === 'none') return null;
  const connect = async () => {
    setBusy(true);
    const picked = candidates.find((c) => c.id === choice);
    const ok = await runAction(`Connect ${picked?.name ?? choice} to ${network.name}`, () =>
      api.call('networks:connect', { network: network.id, container: choice }),
    );
    setBusy(false);
    if (ok) {
      setChoice('');
      // The engine announces no event when a container that is not running joins a network.
      void useNetworks.getState().refresh();
    }
  };
  return (
    <div className="network-connect">
      <select aria-label={`Container to connect to ${network.name}`} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">Connect a container…</option>
        {candidates.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
      <button type="button" disabled={!choice || busy || !online} onClick={() => void connect()}>Connect</button>
    </div>
  );
}

function Members({ network }: { network: NetworkSummary }) {
  const online = useOnline();
  const [busy, setBusy] = useState<string | null>(null);
  if (network.containers.length === 0) return <span className="muted">none</span>;
  const disconnect = async (id: string, name: string) => {
    setBusy(id);
    await runAction(`Disconnect ${name} from ${network.name}`, () =>
      api.call('networks:disconnect', { network: network.id, container: id, force: false }),
    );
    void useNetworks.getState().refresh();
    setBusy(null);
  };
  return (
    <ul className="network-members">
      {network.containers.map((m) => (
        <li key={m.containerId} className="network-member" data-testid="network-member" data-name={m.containerName}>
          <a href={`#/containers/${encodeURIComponent(m.containerId)}/logs`}>{m.containerName}</a>
          <span className="muted small">{m.ipv4 ?? m.state}</span>
          {!network.builtIn || network.name === 'bridge' ? (
            <button type="button" className="small" aria-label={`Disconnect ${m.containerName} from ${network.name}`}
              disabled={busy !== null || !online} onClick={() => void disconnect(m.containerId, m.containerName)}>
              Disconnect
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function RemoveNetwork({ network }: { network: NetworkSummary }) {
  if (network.builtIn) return null;
  return (
    <RemoveButton name={network.name} action={`Remove network ${network.name}`} dialogTitle={`Remove network ${network.name}?`}
      remove={() => api.call('networks:remove', { id: network.id })}>
      {network.containers.length > 0 && (
        <div className="notice warn" data-testid="network-in-use">
          {plural(network.containers.length, 'container')} {network.containers.length === 1 ? 'is' : 'are'} connected. The engine refuses to remove
          a network with running containers on it: disconnect them first.
        </div>
      )}
      <p>Containers can no longer join it. This cannot be undone.</p>
    </RemoveButton>
  );
}

export function NetworksPage() {
  const list = useResourceList(useNetworks);

  return (
    <section className="page">
      <header className="page-header">
        <h1>Networks</h1>
      </header>
      {list.reachable && <CreateNetwork />}
      <ResourceListBody {...list} loadingLabel="Loading networks…"
        empty={<>No networks. Create one above or with <code>docker network create</code>.</>}>
        {(networks) => (
          <table className="table" data-testid="networks-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Driver</th>
                <th scope="col">Subnet · gateway</th>
                <th scope="col">Containers</th>
                <th scope="col" className="actions-cell">Actions</th>
              </tr>
            </thead>
            <tbody>
              {networks.map((n) => (
                <tr key={n.id} data-testid="network-row" data-name={n.name}>
                  <td className="truncate" title={n.id}>
                    {n.name}
                    {n.internal && <span className="muted small"> (internal)</span>}
                    {n.builtIn && <span className="muted small"> (built in)</span>}
                  </td>
                  <td>{n.driver}</td>
                  <td className="mono-soft">
                    {n.subnets.length === 0 ? '—' : n.subnets.map((s) => `${s.subnet}${s.gateway ? ` · ${s.gateway}` : ''}`).join(', ')}
                  </td>
                  <td>
                    <Members network={n} />
                    <ConnectContainer network={n} />
                  </td>
                  <td className="actions-cell">
                    <div className="actions compact">
                      <RemoveNetwork network={n} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceListBody>
    </section>
  );
}
