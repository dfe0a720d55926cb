import { describe, expect, it } from 'vitest';
import { runSpecSchema } from '../../preload/contract/images-inputs';
import type { RunSpec } from '../../preload/contract';
import { toCreateBody } from '../../main/core/docker/run-spec';

const base: RunSpec = { image: 'berth-test/busybox', ports: [], binds: [], volumes: [], env: [] };

describe("toCreateBody: a Run form's spec as Docker's create body", () => {
  it('runs the image with its own command and nothing else when the form is empty', () => {
    expect(toCreateBody(base)).toEqual({
      Image: 'berth-test/busybox',
      Env: [],
      ExposedPorts: {},
      HostConfig: { PortBindings: {}, Mounts: [] },
    });
  });

  it('publishes ports with host IP and protocol, several host ports for one container port', () => {
    const body = toCreateBody({
      ...base,
      ports: [
        { hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: 8443, containerPort: 80, protocol: 'tcp' },
        { hostPort: null, containerPort: 53, protocol: 'udp' },
      ],
    });
    expect(body.ExposedPorts).toEqual({ '80/tcp': {}, '53/udp': {} });
    expect(body.HostConfig.PortBindings).toEqual({
      '80/tcp': [
        { HostIp: '', HostPort: '8080' },
        { HostIp: '127.0.0.1', HostPort: '8443' },
      ],
      // An empty HostPort asks the engine for any free port.
      '53/udp': [{ HostIp: '', HostPort: '' }],
    });
  });

  it('mounts folders and named volumes, read-only where asked', () => {
    const body = toCreateBody({
      ...base,
      binds: [{ hostPath: '/home/me/src', containerPath: '/src', readOnly: true }],
      volumes: [{ name: 'pgdata', containerPath: '/var/lib/postgresql/data', readOnly: false }],
    });
    expect(body.HostConfig.Mounts).toEqual([
      { Type: 'bind', Source: '/home/me/src', Target: '/src', ReadOnly: true },
      { Type: 'volume', Source: 'pgdata', Target: '/var/lib/postgresql/data', ReadOnly: false },
    ]);
  });

  it('sets name, environment, network, restart policy and command', () => {
    const body = toCreateBody({
      ...base,
      name: 'web',
      env: [{ name: 'GREETING', value: 'hello = world' }, { name: 'EMPTY', value: '' }],
      network: 'backend',
      restartPolicy: 'on-failure',
      command: ['sh', '-c', 'echo "$GREETING"'],
    });
    expect(body).toMatchObject({
      name: 'web',
      Env: ['GREETING=hello = world', 'EMPTY='],
      Cmd: ['sh', '-c', 'echo "$GREETING"'],
      HostConfig: { NetworkMode: 'backend', RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 0 } },
    });
  });

  it('leaves the restart policy and command out when "no" and empty', () => {
    const body = toCreateBody({ ...base, restartPolicy: 'no', command: [] });
    expect(body.HostConfig.RestartPolicy).toBeUndefined();
    expect(body.Cmd).toBeUndefined();
    expect(toCreateBody({ ...base, restartPolicy: 'unless-stopped' }).HostConfig.RestartPolicy).toEqual({ Name: 'unless-stopped' });
  });
});

describe('the containers:run input schema', () => {
  it('accepts a full spec and fills defaults', () => {
    const parsed = runSpecSchema.parse({ image: 'nginx:1.27', ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }], binds: [{ hostPath: '/a', containerPath: '/b' }] });
    expect(parsed).toMatchObject({ volumes: [], env: [], binds: [{ readOnly: false }] });
  });

  it.each([
    [{ image: '../etc' }, 'image'],
    [{ image: 'a', ports: [{ hostPort: 70000, containerPort: 80, protocol: 'tcp' }] }, 'ports'],
    [{ image: 'a', ports: [{ hostIp: 'localhost', hostPort: 80, containerPort: 80, protocol: 'tcp' }] }, 'ports'],
    [{ image: 'a', binds: [{ hostPath: 'relative', containerPath: '/b' }] }, 'binds'],
    [{ image: 'a', env: [{ name: 'A=B', value: '' }] }, 'env'],
    [{ image: 'a', name: '-bad' }, 'name'],
    [{ image: 'a', restartPolicy: 'sometimes' }, 'restartPolicy'],
    [{ image: 'a', privileged: true }, ''],
  ])('refuses %o (at %s)', (input, field) => {
    const result = runSpecSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (field) expect(result.error!.issues[0]!.path[0]).toBe(field);
  });
});
