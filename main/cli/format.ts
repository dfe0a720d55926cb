/** Human-readable output for the CLI. */
import type { ContainerSummary, EngineStatus, PortBinding } from '../../preload/contract';

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('   ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function formatPorts(ports: PortBinding[]): string {
  return ports
    .map((p) =>
      p.hostPort === null
        ? `${p.containerPort}/${p.protocol}`
        : `${p.hostIp && p.hostIp !== '0.0.0.0' ? `${p.hostIp}:` : ''}${p.hostPort}->${p.containerPort}/${p.protocol}`,
    )
    .join(', ');
}

export function containersTable(containers: ContainerSummary[]): string {
  if (containers.length === 0) return 'No containers.';
  return table(
    ['NAME', 'STATE', 'IMAGE', 'PROJECT', 'PORTS', 'STATUS'],
    containers.map((c) => [c.name, c.state, c.image, c.project ?? '', formatPorts(c.ports), c.status]),
  );
}

export function statusText(status: EngineStatus): string {
  const lines = [`Engine:       ${status.state}${status.backend ? ` (${status.backend})` : ''}`];
  if (status.dockerHost) lines.push(`DOCKER_HOST:  ${status.dockerHost}`);
  if (status.vm) {
    lines.push(`VM:           ${status.vm.cpus} CPUs, ${status.vm.memoryMiB} MiB, ${status.vm.diskGiB} GiB disk, image ${status.vm.imageVersion}`);
    lines.push(`Accelerator:  ${status.vm.accelerator}${status.vm.accelerator === 'tcg' ? ' (software emulation: slow)' : ''}`);
  }
  if (status.progress) lines.push(`Progress:     ${status.progress.message}`);
  if (status.error) lines.push(`Error:        ${status.error}`);
  for (const warning of status.warnings) lines.push(`Warning:      ${warning}`);
  return lines.join('\n');
}
