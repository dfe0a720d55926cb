/** The log sources of a compose project: its containers, labelled by service. Pure. */
import type { ContainerSummary } from '../../../preload/contract/dto';
import type { LogSource } from './log-session';

/** Containers of the project by service; a service scaled to several containers shows each by its name. */
export function projectSources(items: readonly ContainerSummary[], project: string): LogSource[] {
  const members = items.filter((c) => c.project === project);
  const perService = new Map<string, number>();
  for (const c of members) if (c.service) perService.set(c.service, (perService.get(c.service) ?? 0) + 1);
  return members
    .map((c) => ({ id: c.id, label: c.service && perService.get(c.service) === 1 ? c.service : c.name }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
