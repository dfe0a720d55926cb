/** `berth ports`: the port forwarder's table, from the Berth that hosts it. */
import type { PortForward, PortsStatus } from '../../preload/contract';
import { connect } from './connect';
import { table } from './format';

export async function ports(json: boolean): Promise<number> {
  const connection = await connect({ needsEngine: false });
  try {
    const status = await connection.api.call('ports:list', {});
    process.stdout.write(`${json ? JSON.stringify(status, null, 2) : portsText(status)}\n`);
    // A forward that cannot work is a failure a script should see.
    return status.problem || status.forwards.some((f) => f.state === 'conflict' || f.state === 'failed') ? 1 : 0;
  } finally {
    await connection.close();
  }
}

export function portsText(status: PortsStatus): string {
  if (status.mode === 'off') return 'The engine is not running: no ports are forwarded.';
  if (status.mode === 'direct') return "The engine runs on this host and publishes ports itself: `berth ps` shows them.";
  if (status.problem) return `Published ports are not forwarded to this host: ${status.problem}`;
  if (status.forwards.length === 0) return 'No published ports.';
  return table(
    ['HOST', 'CONTAINER', 'PORT', 'STATE', 'CONNECTIONS', 'IN', 'OUT'],
    status.forwards.map((f) => [
      hostSide(f),
      f.containerName,
      `${f.containerPort}/${f.protocol}`,
      f.message ? `${f.state}: ${f.message}` : f.state,
      `${f.connections} (${f.activeConnections} open)`,
      bytes(f.bytesIn),
      bytes(f.bytesOut),
    ]),
  );
}

function hostSide(forward: PortForward): string {
  return forward.addresses.map((a) => (a.includes(':') ? `[${a}]` : a)).join(',') + `:${forward.hostPort}`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
