/**
 * The Containers table as one flat list of rows (project headers and
 * containers), which is what the windowing counts and measures. Pure.
 */
import type { ContainerGroup, ContainerSummary } from '../../../preload/contract/dto';

export type TableRow =
  | { kind: 'project'; key: string; groupKey: string; group: ContainerGroup & { project: string }; expanded: boolean }
  | { kind: 'standalone'; key: string; groupKey: string; count: number }
  | { kind: 'container'; key: string; groupKey: string; container: ContainerSummary; nested: boolean };

/** Header rows for projects (and for the standalone ones when there are projects), then each open group's containers. */
export function tableRows(groups: readonly ContainerGroup[], collapsed: ReadonlySet<string>): TableRow[] {
  const hasProjects = groups.some((g) => g.project !== null);
  const rows: TableRow[] = [];
  for (const g of groups) {
    const groupKey = g.project ?? '';
    const expanded = !collapsed.has(groupKey);
    if (g.project !== null) rows.push({ kind: 'project', key: `project:${g.project}`, groupKey, group: { ...g, project: g.project }, expanded });
    else if (hasProjects) rows.push({ kind: 'standalone', key: 'standalone', groupKey, count: g.containers.length });
    if (!expanded) continue;
    for (const container of g.containers) rows.push({ kind: 'container', key: container.id, groupKey, container, nested: g.project !== null });
  }
  return rows;
}

/** Consecutive rows of the same group, so each group keeps its own <tbody> however the window cuts it. */
export function splitByGroup(rows: readonly TableRow[]): Array<{ groupKey: string; rows: TableRow[] }> {
  const parts: Array<{ groupKey: string; rows: TableRow[] }> = [];
  for (const row of rows) {
    const last = parts[parts.length - 1];
    if (last && last.groupKey === row.groupKey) last.rows.push(row);
    else parts.push({ groupKey: row.groupKey, rows: [row] });
  }
  return parts;
}
