/** Container list → compose groups, and the filter box. Pure. */
import type { ContainerGroup, ContainerSummary } from '../../../preload/contract/dto';

/** Name, image or project containing the text (any case), or an id starting with it. */
export function matchesFilter(c: ContainerSummary, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  return (
    c.name.toLowerCase().includes(f) ||
    c.image.toLowerCase().includes(f) ||
    (c.project ?? '').toLowerCase().includes(f) ||
    c.id.toLowerCase().startsWith(f)
  );
}

/** Compose projects first, sorted by name; containers of no project last. */
export function groupContainers(items: ContainerSummary[], filter = ''): ContainerGroup[] {
  const byProject = new Map<string | null, ContainerSummary[]>();
  for (const c of items) {
    if (!matchesFilter(c, filter)) continue;
    const list = byProject.get(c.project) ?? [];
    list.push(c);
    byProject.set(c.project, list);
  }
  const projects = [...byProject.keys()]
    .filter((p): p is string => p !== null)
    .sort((a, b) => a.localeCompare(b));
  const groups: ContainerGroup[] = projects.map((project) => ({
    project,
    containers: sortByName(byProject.get(project)!),
  }));
  const loose = byProject.get(null);
  if (loose) groups.push({ project: null, containers: sortByName(loose) });
  return groups;
}

function sortByName(list: ContainerSummary[]): ContainerSummary[] {
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** Finds a container by full id, id prefix (≥ 3 chars) or name, as the URL may carry any. */
export function findContainer(items: ContainerSummary[], ref: string): ContainerSummary | undefined {
  const name = ref.replace(/^\//, '');
  return (
    items.find((c) => c.id === ref || c.name === name) ??
    (ref.length >= 3 ? items.find((c) => c.id.startsWith(ref)) : undefined)
  );
}
