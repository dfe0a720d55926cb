/**
 * Which host listeners a running container's published ports need: a pure
 * function of Docker's view and the bind policy, so every case has a table
 * test (model: lima's hostagent/port.go).
 *
 * Docker in the VM publishes on the guest's addresses; the host sees none of
 * it. For each published (protocol, host port) Berth listens on the host and
 * carries traffic to that port on the guest's loopback, where Docker's own
 * proxy answers for the container:
 * - host IP empty, 0.0.0.0 or :: → every host interface (0.0.0.0 and ::), or
 *   loopback only when the bind policy is "localhost";
 * - 127.0.0.1 or ::1 → loopback, on both families, so `localhost` works
 *   whichever one it resolves to first;
 * - any other address → that address alone.
 */
import type { PortBinding, PortBindPolicy } from '../../../preload/contract';
import type { Family, Protocol } from './agent-protocol';

export interface PublishingContainer {
  id: string;
  name: string;
  ports: PortBinding[];
}

export interface ForwardRule {
  /** Stable identity: the same rule from a later reconcile has the same key. */
  key: string;
  containerId: string;
  containerName: string;
  protocol: Protocol;
  hostPort: number;
  containerPort: number;
  /** The host IP Docker reports ("0.0.0.0" for all). */
  publishedIp: string;
  /** Host addresses to listen on, IPv4 first. */
  listen: string[];
  /** Where the guest end connects: the guest's loopback of this family, same port. */
  targetFamily: Family;
}

const WILDCARDS = new Set(['', '0.0.0.0', '::']);
const LOOPBACKS = new Set(['127.0.0.1', '::1']);

export function forwardRules(container: PublishingContainer, policy: PortBindPolicy): ForwardRule[] {
  // One rule per (protocol, host port): Docker lists 0.0.0.0 and :: separately.
  const groups = new Map<string, PortBinding[]>();
  for (const binding of container.ports) {
    if (binding.hostPort === null || (binding.protocol !== 'tcp' && binding.protocol !== 'udp')) continue;
    const id = `${binding.protocol}/${binding.hostPort}`;
    groups.set(id, [...(groups.get(id) ?? []), binding]);
  }
  const rules: ForwardRule[] = [];
  for (const bindings of groups.values()) {
    const first = bindings[0]!;
    const ips = bindings.map((b) => b.hostIp ?? '');
    const wildcard = ips.some((ip) => WILDCARDS.has(ip));
    const listen = new Set<string>();
    if ((wildcard && policy === 'localhost') || ips.some((ip) => LOOPBACKS.has(ip))) {
      listen.add('127.0.0.1').add('::1');
    }
    if (wildcard && policy === 'all-interfaces') listen.add('0.0.0.0').add('::');
    for (const ip of ips) if (!WILDCARDS.has(ip) && !LOOPBACKS.has(ip)) listen.add(ip);
    // Docker's proxy in the guest listens on IPv4 for every case but a ::1-only publish.
    const targetFamily: Family = ips.every((ip) => ip === '::1') ? 6 : 4;
    const publishedIp = wildcard ? '0.0.0.0' : ips.sort()[0]!;
    const protocol = first.protocol as Protocol;
    const hostPort = first.hostPort!;
    const addresses = [...listen].sort(byFamilyThenText);
    rules.push({
      key: `${container.id}/${protocol}/${hostPort}/${addresses.join(',')}/${targetFamily}`,
      containerId: container.id,
      containerName: container.name,
      protocol,
      hostPort,
      containerPort: first.containerPort,
      publishedIp,
      listen: addresses,
      targetFamily,
    });
  }
  return rules.sort((a, b) => a.hostPort - b.hostPort || a.protocol.localeCompare(b.protocol));
}

function byFamilyThenText(a: string, b: string): number {
  return Number(a.includes(':')) - Number(b.includes(':')) || a.localeCompare(b);
}
