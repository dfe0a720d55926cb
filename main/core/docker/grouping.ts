/**
 * Docker's container list → the contract's summaries, grouped the way the UI
 * shows them: one group per compose project, then everything else.
 */
import type Dockerode from 'dockerode';
import type { ContainerGroup, ContainerState, ContainerSummary, PortBinding } from '../../../preload/contract';

const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';
const STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

// Numeric so that web-2 sorts before web-10, fixed locale so order is the same everywhere.
const collator = new Intl.Collator('en', { numeric: true });
const byText = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : collator.compare(a, b);

export function groupByProject(containers: ContainerSummary[]): ContainerGroup[] {
  const byProject = new Map<string | null, ContainerSummary[]>();
  for (const container of containers) {
    const members = byProject.get(container.project) ?? [];
    members.push(container);
    byProject.set(container.project, members);
  }
  return [...byProject.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([project, members]) => ({
      project,
      containers: members.sort((a, b) => byText(a.service, b.service) || byText(a.name, b.name)),
    }));
}

export function toContainerSummary(raw: Dockerode.ContainerInfo, startedAt: number | null): ContainerSummary {
  const labels = raw.Labels ?? {};
  return {
    id: raw.Id,
    name: containerName(raw),
    image: raw.Image,
    // A state this code does not know is shown as dead rather than as running or fine.
    state: STATES.find((s) => s === raw.State) ?? 'dead',
    status: raw.Status ?? '',
    createdAt: raw.Created * 1000,
    startedAt,
    ports: toPortBindings(raw.Ports ?? []),
    project: labels[PROJECT_LABEL] || null,
    service: labels[SERVICE_LABEL] || null,
    labels,
  };
}

// Names also lists the aliases links give a container ("/web/db"); its own name has one slash.
function containerName(raw: Dockerode.ContainerInfo): string {
  const names = raw.Names ?? [];
  const own = names.find((n) => n.lastIndexOf('/') === 0) ?? names[0];
  return own ? own.replace(/^\//, '') : raw.Id.slice(0, 12);
}

/**
 * Docker reports a port published on all addresses twice, once for 0.0.0.0
 * and once for ::; to the user that is one binding.
 */
function toPortBindings(ports: Dockerode.Port[]): PortBinding[] {
  const unique = new Map<string, PortBinding>();
  for (const port of ports) {
    const binding: PortBinding = {
      containerPort: port.PrivatePort,
      protocol: port.Type === 'udp' || port.Type === 'sctp' ? port.Type : 'tcp',
      hostIp: port.IP || null,
      hostPort: port.PublicPort || null,
    };
    unique.set(bindingKey(binding, binding.hostIp), binding);
  }
  return [...unique.values()]
    .filter((b) => !(b.hostIp === '::' && unique.has(bindingKey(b, '0.0.0.0'))))
    .sort(
      (a, b) =>
        a.containerPort - b.containerPort ||
        byText(a.protocol, b.protocol) ||
        (a.hostPort ?? 0) - (b.hostPort ?? 0) ||
        byText(a.hostIp, b.hostIp),
    );
}

function bindingKey(binding: PortBinding, hostIp: string | null): string {
  return `${binding.containerPort}/${binding.protocol}/${hostIp}/${binding.hostPort}`;
}
