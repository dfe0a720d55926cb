/** Docker networks as every client sees them, and the checks a new network's addresses must pass. */

export interface NetworkMember {
  containerId: string;
  containerName: string;
  /** The container's state (running, exited…). */
  state: string;
  /** Its IPv4 address on this network; null while it is not running. */
  ipv4: string | null;
}

export interface NetworkSubnet {
  subnet: string;
  gateway: string | null;
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  createdAt: number | null;
  subnets: NetworkSubnet[];
  /** bridge, host and none come with the engine and cannot be removed. */
  builtIn: boolean;
  containers: NetworkMember[];
}

/** Drivers Berth offers when creating a network. */
export const NETWORK_DRIVERS = ['bridge', 'macvlan', 'ipvlan', 'overlay'] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

export const BUILT_IN_NETWORKS = ['bridge', 'host', 'none'];

/** An IPv4 address as a 32-bit number, or null when it is not a dotted quad. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export interface ParsedSubnet {
  base: number;
  prefix: number;
}

/** Why a subnet is not usable, or null when it is a valid IPv4 CIDR such as 172.30.0.0/16. */
export function subnetProblem(subnet: string): string | null {
  const match = /^([^/]+)\/([0-9]{1,2})$/.exec(subnet.trim());
  if (!match) return 'Write the subnet in CIDR form, e.g. 172.30.0.0/16.';
  const base = parseIpv4(match[1]!);
  const prefix = Number(match[2]);
  if (base === null) return `${match[1]} is not an IPv4 address.`;
  if (prefix < 8 || prefix > 30) return 'The prefix length must be between /8 and /30.';
  const hostBits = 32 - prefix;
  if (base % 2 ** hostBits !== 0) {
    return `${subnet.trim()} has host bits set: the network address for /${prefix} is ${formatIpv4(base - (base % 2 ** hostBits))}.`;
  }
  return null;
}

export function parseSubnet(subnet: string): ParsedSubnet | null {
  if (subnetProblem(subnet) !== null) return null;
  const [address, prefix] = subnet.trim().split('/');
  return { base: parseIpv4(address!)!, prefix: Number(prefix) };
}

/** Why a gateway does not fit its subnet, or null when it does (or no subnet was given to check against). */
export function gatewayProblem(gateway: string, subnet: string | undefined): string | null {
  const address = parseIpv4(gateway.trim());
  if (address === null) return `${gateway.trim()} is not an IPv4 address.`;
  if (!subnet) return 'A gateway needs a subnet: give the subnet too.';
  const parsed = parseSubnet(subnet);
  if (!parsed) return null; // the subnet's own problem is reported on the subnet
  const size = 2 ** (32 - parsed.prefix);
  if (address < parsed.base || address >= parsed.base + size) return `${gateway.trim()} is outside ${subnet.trim()}.`;
  if (address === parsed.base) return `${gateway.trim()} is the subnet's network address; use a host address such as ${formatIpv4(parsed.base + 1)}.`;
  if (address === parsed.base + size - 1) return `${gateway.trim()} is the subnet's broadcast address; use a host address such as ${formatIpv4(parsed.base + 1)}.`;
  return null;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
