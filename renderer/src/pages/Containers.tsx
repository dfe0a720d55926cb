/** Containers grouped by compose project, with a filter box and per-row actions. */
import { useCallback, useMemo, useState } from 'react';
import { EngineNotRunning, engineIsUp } from '../components/EngineGate';
import { Empty, ErrorBox, Loading } from '../components/States';
import { SPACER_ATTR, useRowWindow } from '../components/use-row-window';
import { splitByGroup, tableRows, type TableRow } from '../lib/container-rows';
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
  const rows = useMemo(() => tableRows(groups, collapsed), [groups, collapsed]);
  const now = useNow();
  // Only the rows near the viewport are in the page: 500 containers would be thousands of elements.
  const [table, setTable] = useState<HTMLTableElement | null>(null);
  const keyOf = useCallback((i: number) => rows[i]!.key, [rows]);
  const view = useRowWindow(table, rows.length, keyOf, ROW_ESTIMATE_PX);

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
    body = (
      <table className="table" data-testid="containers-table" ref={setTable}>
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
        {/* First body: where the list starts, which the windowing measures from. */}
        <tbody>
          <Spacer height={view.padTop} />
        </tbody>
        {splitByGroup(rows.slice(view.start, view.end)).map((part) => (
          <tbody key={part.groupKey}>
            {part.rows.map((row) => renderRow(row, now, toggle))}
          </tbody>
        ))}
        {view.padBottom > 0 && (
          <tbody>
            <Spacer height={view.padBottom} />
          </tbody>
        )}
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

// A container row's height before it is measured (one line, with its action buttons).
const ROW_ESTIMATE_PX = 41;

function renderRow(row: TableRow, now: number, toggle: (project: string) => void) {
  if (row.kind === 'container') return <ContainerRow key={row.key} container={row.container} now={now} nested={row.nested} />;
  if (row.kind === 'project')
    return <GroupHeader key={row.key} group={row.group} expanded={row.expanded} onToggle={() => toggle(row.groupKey)} />;
  return (
    <tr key={row.key} className="group-row plain">
      <th colSpan={6} scope="rowgroup">
        Standalone containers <span className="count">{row.count}</span>
      </th>
    </tr>
  );
}

/** Stands in for the rows above or below the window, so the scrollbar spans the whole list. */
function Spacer({ height }: { height: number }) {
  return (
    <tr {...{ [SPACER_ATTR]: '' }} aria-hidden="true">
      <td colSpan={6} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
}
