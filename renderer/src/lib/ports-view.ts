/** How forwards read in the UI. Pure. */
import type { PortBinding } from '../../../preload/contract/dto';
import type { PortForward } from '../../../preload/contract/ports';

/** "127.0.0.1, [::1]:8080" */
export function forwardAddress(forward: PortForward): string {
  return `${forward.addresses.map((a) => (a.includes(':') ? `[${a}]` : a)).join(', ')}:${forward.hostPort}`;
}

/** A link a browser can open for a TCP forward, on loopback (every policy listens there or on all). */
export function forwardUrl(forward: PortForward): string | null {
  if (forward.protocol !== 'tcp' || forward.state !== 'forwarding') return null;
  const loopback = forward.addresses.some((a) => a === '0.0.0.0' || a === '127.0.0.1');
  return loopback ? `http://127.0.0.1:${forward.hostPort}/` : null;
}

/** The forward behind one of a container's published ports, if Berth forwards it. */
export function forwardFor(forwards: PortForward[], containerId: string, binding: PortBinding): PortForward | undefined {
  return forwards.find((f) => f.containerId === containerId && f.hostPort === binding.hostPort && f.protocol === binding.protocol);
}

/** The forwards that do not work, for the warnings a page shows first. */
export function brokenForwards(forwards: PortForward[]): PortForward[] {
  return forwards.filter((f) => f.state === 'conflict' || f.state === 'failed');
}

/**
 * A broken forward as the Containers page's ports badge shows it: "8080/tcp: Conflict".
 * The protocol stays lowercase as docker prints it; the state reads as the Ports page's badge does.
 */
export function brokenForwardLabel(forward: PortForward): string {
  const state = forward.state.charAt(0).toUpperCase() + forward.state.slice(1);
  return `${forward.hostPort}/${forward.protocol}: ${state}`;
}
