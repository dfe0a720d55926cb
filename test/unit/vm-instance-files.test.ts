import { describe, expect, it } from 'vitest';
import { instancePaths, MAX_SOCKET_PATH_BYTES } from '../../main/core/vm/instance-files';

describe('instancePaths', () => {
  it('keeps lasting files with the instance and sockets in a short runtime folder', () => {
    const paths = instancePaths('/home/dev/.local/state/berth/vms/default', '/run/user/1000/berth');
    expect(paths).toEqual({
      instanceDir: '/home/dev/.local/state/berth/vms/default',
      runtimeDir: '/run/user/1000/berth/vm-default',
      state: '/home/dev/.local/state/berth/vms/default/instance.json',
      dataDisk: '/home/dev/.local/state/berth/vms/default/data.img',
      sshPrivateKey: '/home/dev/.local/state/berth/vms/default/id_ed25519',
      sshPublicKey: '/home/dev/.local/state/berth/vms/default/id_ed25519.pub',
      pidFile: '/home/dev/.local/state/berth/vms/default/qemu.pid',
      qemuLog: '/home/dev/.local/state/berth/vms/default/qemu.log',
      knownHost: '/home/dev/.local/state/berth/vms/default/ssh_known_host',
      serialLog: '/home/dev/.local/state/berth/vms/default/serial.log',
      qmpSocket: '/run/user/1000/berth/vm-default/qmp.sock',
      dockerSocket: '/run/user/1000/berth/vm-default/docker.sock',
      sshPort: '/run/user/1000/berth/vm-default/ssh.port',
      agentPort: '/run/user/1000/berth/vm-default/agent.port',
      sharesFile: '/run/user/1000/berth/vm-default/shares.json',
    });
  });

  it('keeps sockets short even when the state dir is deep (macOS)', () => {
    const deep = '/Users/a-rather-long-user-name/Library/Application Support/Berth/state/vms/default';
    const paths = instancePaths(deep, '/Users/a-rather-long-user-name/.berth/run');
    expect(Buffer.byteLength(paths.qmpSocket)).toBeLessThan(MAX_SOCKET_PATH_BYTES);
    expect(paths.dataDisk.startsWith(deep)).toBe(true);
  });

  it('refuses a runtime dir that would make a socket path too long, saying what to change', () => {
    const longRuntime = `/tmp/${'x'.repeat(80)}`;
    expect(() => instancePaths('/state/default', longRuntime)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => instancePaths('/state/default', longRuntime)).toThrow(/unix sockets need less than 100. Use a shorter BERTH_HOME/);
  });

  it('refuses relative directories', () => {
    expect(() => instancePaths('state/default', '/run')).toThrow(/absolute/);
    expect(() => instancePaths('/state/default', 'run')).toThrow(/absolute/);
  });
});
