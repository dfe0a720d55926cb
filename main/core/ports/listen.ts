/**
 * Binding one host address for a forward, with the failure said in words a
 * user can act on (and kept as data, so the state table can show it).
 */
export type BindOutcome =
  | { ok: true }
  /** This address cannot exist here (an IPv6 address on a host without IPv6): not an error. */
  | { ok: false; kind: 'unavailable'; message: string }
  | { ok: false; kind: 'conflict'; message: string }
  | { ok: false; kind: 'failed'; message: string };

export function bindFailure(error: NodeJS.ErrnoException, address: string, port: number, protocol: string): BindOutcome {
  const where = `${protocol} ${address.includes(':') ? `[${address}]` : address}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return { ok: false, kind: 'conflict', message: `${where} is already in use on this host` };
    case 'EACCES':
      return {
        ok: false,
        kind: 'failed',
        message:
          port < 1024
            ? `${where} is a privileged port: binding below 1024 needs root or CAP_NET_BIND_SERVICE (or lower net.ipv4.ip_unprivileged_port_start); publish a port of 1024 or more`
            : `${where}: permission denied`,
      };
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return { ok: false, kind: 'unavailable', message: `${where}: this host has no such address` };
    default:
      return { ok: false, kind: 'failed', message: `${where}: ${error.message}` };
  }
}

export function isIpv6(address: string): boolean {
  return address.includes(':');
}
