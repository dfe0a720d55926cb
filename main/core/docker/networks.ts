/** Docker networks through dockerode: list with their containers, create, remove, connect, disconnect. */
import type Dockerode from 'dockerode';
import { BerthError, BUILT_IN_NETWORKS, type NetworkMember, type NetworkSummary } from '../../../preload/contract';
import { toBerthError } from './errors';

export interface CreateNetworkOptions {
  name: string;
  driver: string;
  subnet?: string;
  gateway?: string;
  internal: boolean;
}

export class Networks {
  constructor(private readonly docker: Dockerode) {}

  async list(): Promise<NetworkSummary[]> {
    try {
      const [networks, containers] = await Promise.all([
        this.docker.listNetworks(),
        this.docker.listContainers({ all: true }),
      ]);
      const members = membersByNetwork(containers);
      return networks
        .map((n) => toNetworkSummary(n, members.get(n.Id) ?? members.get(`name:${n.Name}`) ?? []))
        .sort((a, b) => a.name.localeCompare(b.name, 'en'));
    } catch (error) {
      throw toBerthError(error, 'network list');
    }
  }

  async create(options: CreateNetworkOptions): Promise<NetworkSummary> {
    const subnet = options.subnet || undefined;
    const gateway = options.gateway || undefined;
    try {
      const network = await this.docker.createNetwork({
        Name: options.name,
        Driver: options.driver,
        Internal: options.internal,
        // Older engines would make a second network of the same name.
        CheckDuplicate: true,
        ...(subnet ? { IPAM: { Driver: 'default', Config: [{ Subnet: subnet, ...(gateway ? { Gateway: gateway } : {}) }] } } : {}),
      });
      return toNetworkSummary((await network.inspect()) as Dockerode.NetworkInspectInfo, []);
    } catch (error) {
      throw toBerthError(error, `network ${options.name}`);
    }
  }

  async remove(id: string): Promise<void> {
    if (BUILT_IN_NETWORKS.includes(id)) {
      throw new BerthError('invalid-input', `${id} is one of the engine's own networks and cannot be removed.`);
    }
    try {
      await this.docker.getNetwork(id).remove();
    } catch (error) {
      throw toBerthError(error, `network ${id}`);
    }
  }

  async connect(network: string, container: string): Promise<void> {
    try {
      await this.docker.getNetwork(network).connect({ Container: container });
    } catch (error) {
      throw toBerthError(error, `network ${network}`);
    }
  }

  async disconnect(network: string, container: string, force: boolean): Promise<void> {
    try {
      await this.docker.getNetwork(network).disconnect({ Container: container, Force: force });
    } catch (error) {
      throw toBerthError(error, `network ${network}`);
    }
  }
}

/**
 * From the container list (one call), keyed by network id; a network the
 * engine lists without an id (the default bridge under --bridge=none) by `name:`.
 */
function membersByNetwork(containers: Dockerode.ContainerInfo[]): Map<string, NetworkMember[]> {
  const members = new Map<string, NetworkMember[]>();
  for (const c of containers) {
    for (const [name, endpoint] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      const key = endpoint.NetworkID ? endpoint.NetworkID : `name:${name}`;
      const list = members.get(key) ?? [];
      list.push({
        containerId: c.Id,
        containerName: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
        state: c.State,
        ipv4: endpoint.IPAddress ? endpoint.IPAddress : null,
      });
      members.set(key, list);
    }
  }
  for (const list of members.values()) list.sort((a, b) => a.containerName.localeCompare(b.containerName, 'en'));
  return members;
}

function toNetworkSummary(raw: Dockerode.NetworkInspectInfo, containers: NetworkMember[]): NetworkSummary {
  const createdAt = raw.Created ? Date.parse(raw.Created) : NaN;
  return {
    id: raw.Id,
    name: raw.Name,
    driver: raw.Driver,
    scope: raw.Scope,
    internal: raw.Internal === true,
    createdAt: Number.isNaN(createdAt) ? null : createdAt,
    subnets: (raw.IPAM?.Config ?? [])
      .filter((c): c is { Subnet: string; Gateway?: string } => typeof c.Subnet === 'string')
      .map((c) => ({ subnet: c.Subnet, gateway: c.Gateway ? c.Gateway : null })),
    builtIn: BUILT_IN_NETWORKS.includes(raw.Name),
    containers,
  };
}
