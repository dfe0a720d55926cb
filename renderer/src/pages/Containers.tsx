/** Containers grouped by compose project, with a filter box and per-row actions. */
import { useMemo, useState } from 'react';
import { EngineNotRunning, engineIsUp } from '../components/EngineGate';
import { Empty, ErrorBox, Loading } from '../components/States';
import { groupContainers } from '../lib/grouping';
import { useNow } from '../lib/use-now';
import { useContainerFilter, useContainers } from '../stores/containers';
import { useEngine } from '../stores/engine';
import { ContainerRow } from './ContainerRow';
import { GroupHeader } from './GroupHeader';

export function ContainersPage() {
  const items = useContainers((s) => s.items);
  const error = useContainers((s) => s.error);
  const refresh = useContainers((s) => s.refresh);
  const filter = useContainerFilter((s) => s.filter);
  const setFilter = useContainerFilter((s) => s.setFilter);
  const engineState = useEngine((s) => s.status?.state);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(() => groupContainers(items ?? [], filter), [items, filter]);
  const now = useNow();

  const toggle = (project: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(project)) next.add(project);
      return next;
    });

  let body;
  if ((engineState && !engineIsUp(engineState)) || error?.code === 'engine-unavailable') body = <EngineNotRunning />;
  else if (!items && error) body = <ErrorBox error={error} onRetry={() => void refresh()} />;
  else if (!items) body = <Loading label="Loading containers…" />;
  else if (items.length === 0)
    body = (
      <Empty>
        No containers yet. Run one with <code>docker run …</code>
      </Empty>
    );
  else if (groups.length === 0) body = <Empty>No containers match “{filter}”.</Empty>;
  else {
    const hasProjects = groups.some((g) => g.project !== null);
    body = (
      <table className="table" data-testid="containers-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col">Image</th>
            <th scope="col">Ports</th>
            <th scope="col">Uptime</th>
            <th scope="col" className="actions-cell">
              Actions
            </th>
          </tr>
        </thead>
        {groups.map((g) => {
          const key = g.project ?? '';
          const open = !collapsed.has(key);
          return (
            <tbody key={key}>
              {g.project !== null ? (
                <GroupHeader group={{ ...g, project: g.project }} expanded={open} onToggle={() => toggle(key)} />
              ) : (
                hasProjects && (
                  <tr className="group-row plain">
                    <th colSpan={6} scope="rowgroup">
                      Standalone containers <span className="count">{g.containers.length}</span>
                    </th>
                  </tr>
                )
              )}
              {open && g.containers.map((c) => <ContainerRow key={c.id} container={c} now={now} nested={g.project !== null} />)}
            </tbody>
          );
        })}
      </table>
    );
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>Containers</h1>
        <input
          type="search"
          className="filter"
          placeholder="Filter by name, image, project or id"
          aria-label="Filter containers"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </header>
      {body}
    </section>
  );
}
