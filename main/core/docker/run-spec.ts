/**
 * A Run form's spec → the body of Docker's POST /containers/create. Pure, so
 * each mapping has a table test. Mounts (not Binds) carry the folders: a bind
 * whose host folder is missing is refused by the engine, where Binds would
 * silently create an empty root-owned folder in its place.
 */
import type { RunSpec } from '../../../preload/contract';

export interface CreateBody {
  name?: string;
  Image: string;
  Cmd?: string[];
  Env: string[];
  ExposedPorts: Record<string, Record<string, never>>;
  HostConfig: {
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
    Mounts: Array<{ Type: 'bind' | 'volume'; Source: string; Target: string; ReadOnly: boolean }>;
    RestartPolicy?: { Name: string; MaximumRetryCount?: number };
    NetworkMode?: string;
  };
}

export function toCreateBody(spec: RunSpec): CreateBody {
  const exposed: CreateBody['ExposedPorts'] = {};
  const bindings: CreateBody['HostConfig']['PortBindings'] = {};
  for (const port of spec.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    // An empty HostPort lets the engine choose a free one; an empty HostIp means every interface.
    (bindings[key] ??= []).push({ HostIp: port.hostIp ?? '', HostPort: port.hostPort === null ? '' : String(port.hostPort) });
  }
  const body: CreateBody = {
    Image: spec.image,
    Env: spec.env.map((e) => `${e.name}=${e.value}`),
    ExposedPorts: exposed,
    HostConfig: {
      PortBindings: bindings,
      Mounts: [
        ...spec.binds.map((b) => ({ Type: 'bind' as const, Source: b.hostPath, Target: b.containerPath, ReadOnly: b.readOnly })),
        ...spec.volumes.map((v) => ({ Type: 'volume' as const, Source: v.name, Target: v.containerPath, ReadOnly: v.readOnly })),
      ],
    },
  };
  if (spec.name) body.name = spec.name;
  if (spec.command && spec.command.length > 0) body.Cmd = spec.command;
  if (spec.restartPolicy && spec.restartPolicy !== 'no') {
    body.HostConfig.RestartPolicy = { Name: spec.restartPolicy, ...(spec.restartPolicy === 'on-failure' ? { MaximumRetryCount: 0 } : {}) };
  }
  if (spec.network) body.HostConfig.NetworkMode = spec.network;
  return body;
}
