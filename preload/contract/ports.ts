/** The port forwarder's state table, as every client sees it. */

export type ForwardState = 'forwarding' | 'conflict' | 'failed' | 'stopping';

export interface PortForward {
  /** Stable while the forward lives. */
  id: string;
  containerId: string;
  containerName: string;
  protocol: 'tcp' | 'udp';
  hostPort: number;
  containerPort: number;
  /** The host IP Docker reports for the publish ("0.0.0.0" for all interfaces). */
  publishedIp: string;
  /** The host addresses Berth listens on for it. */
  addresses: string[];
  state: ForwardState;
  /** Why it is not forwarding (the port, and the process holding it when known); null otherwise. */
  message: string | null;
  /** TCP: connections accepted; UDP: client flows opened. */
  connections: number;
  activeConnections: number;
  bytesIn: number;
  bytesOut: number;
}

export interface PortsStatus {
  /**
   * forwarded: Berth carries published ports from its VM to this host;
   * direct: the engine publishes on this host itself (native backend);
   * off: no engine is running.
   */
  mode: 'forwarded' | 'direct' | 'off';
  /** Why the VM's ports are not forwarded at all (the agent did not start); null when they are. */
  problem: string | null;
  forwards: PortForward[];
}
