/**
 * Where one VM instance keeps its files. Two places:
 * - the instance directory (under the state dir) holds what outlives a run:
 *   the data disk, the SSH key, the state file, the serial log, the pid file;
 * - a per-instance folder in Berth's runtime directory holds the unix sockets
 *   and the SSH port, which only mean something while QEMU runs.
 *
 * Sockets live in the runtime directory because a unix socket path is limited
 * to 104 bytes on macOS and 108 on Linux (with the NUL), while the state dir
 * can be deep (~/Library/Application Support/Berth/state/...). The runtime dir
 * is short by design (paths.ts), the folder and file names here are short, and
 * instancePaths refuses a socket path of 100 bytes or more rather than letting
 * QEMU or the Docker bridge fail later with a truncated path.
 */
import path from 'node:path';
import { BerthError } from '../../../preload/contract';
import { checkSocketPathLength } from '../fs/unix-socket';

/** Kept across runs, in the instance directory. */
export const INSTANCE_FILES = {
  state: 'instance.json',
  /** Becomes /var/lib/docker in the guest; a sparse raw file (data-disk.ts). */
  dataDisk: 'data.img',
  sshPrivateKey: 'id_ed25519',
  sshPublicKey: 'id_ed25519.pub',
  /** Berth's own record of the QEMU process: pid + start time (pid-file.ts). */
  pidFile: 'qemu.pid',
  /** The guest console; older runs rotate to serial.log.1, .2, … (serial-log.ts). */
  serialLog: 'serial.log',
  /** QEMU's own stderr, for the error message when it will not start. */
  qemuLog: 'qemu.log',
  /** The guest's SSH host-key fingerprint, pinned at first contact (guest-channel.ts). */
  knownHost: 'ssh_known_host',
} as const;

/** Meaningful only while a run is alive, in the instance's runtime folder. */
export const RUNTIME_FILES = {
  qmpSocket: 'qmp.sock',
  /** The host end of the guest's Docker socket (mode 0600); the `berth` docker context points here. */
  dockerSocket: 'docker.sock',
  /** The 127.0.0.1 port forwarded to the guest's SSH, so a restarted Berth can find a VM that kept running. */
  sshPort: 'ssh.port',
  /** The 127.0.0.1 port forwarded to the guest's port-forwarding agent (berth-portd). */
  agentPort: 'agent.port',
  /** The folders this run shares (sharing/boot-shares.ts), so a restarted Berth that reattaches keeps guarding and watching them. */
  shares: 'shares.json',
} as const;

export { MAX_SOCKET_PATH_BYTES } from '../fs/unix-socket';

export interface InstancePaths {
  instanceDir: string;
  /** The instance's own folder inside Berth's runtime directory. */
  runtimeDir: string;
  state: string;
  dataDisk: string;
  sshPrivateKey: string;
  sshPublicKey: string;
  pidFile: string;
  serialLog: string;
  qemuLog: string;
  knownHost: string;
  qmpSocket: string;
  dockerSocket: string;
  sshPort: string;
  agentPort: string;
  sharesFile: string;
}

/**
 * Absolute paths for the instance in `instanceDir` (its last segment is the
 * instance name), with sockets under `berthRuntimeDir/vm-<name>`.
 */
export function instancePaths(instanceDir: string, berthRuntimeDir: string): InstancePaths {
  if (!path.isAbsolute(instanceDir) || !path.isAbsolute(berthRuntimeDir)) {
    throw new BerthError(
      'invalid-input',
      `instance and runtime directories must be absolute (got ${JSON.stringify(instanceDir)} and ${JSON.stringify(berthRuntimeDir)})`,
    );
  }
  const dir = path.resolve(instanceDir);
  const runtimeDir = path.join(path.resolve(berthRuntimeDir), `vm-${path.basename(dir)}`);
  const inInstance = (name: string) => path.join(dir, name);
  const inRuntime = (name: string) => path.join(runtimeDir, name);
  const paths: InstancePaths = {
    instanceDir: dir,
    runtimeDir,
    state: inInstance(INSTANCE_FILES.state),
    dataDisk: inInstance(INSTANCE_FILES.dataDisk),
    sshPrivateKey: inInstance(INSTANCE_FILES.sshPrivateKey),
    sshPublicKey: inInstance(INSTANCE_FILES.sshPublicKey),
    pidFile: inInstance(INSTANCE_FILES.pidFile),
    serialLog: inInstance(INSTANCE_FILES.serialLog),
    qemuLog: inInstance(INSTANCE_FILES.qemuLog),
    knownHost: inInstance(INSTANCE_FILES.knownHost),
    qmpSocket: inRuntime(RUNTIME_FILES.qmpSocket),
    dockerSocket: inRuntime(RUNTIME_FILES.dockerSocket),
    sshPort: inRuntime(RUNTIME_FILES.sshPort),
    agentPort: inRuntime(RUNTIME_FILES.agentPort),
    sharesFile: inRuntime(RUNTIME_FILES.shares),
  };
  for (const socket of [paths.qmpSocket, paths.dockerSocket]) checkSocketPathLength(socket);
  return paths;
}

/** The one VM instance Berth runs today ("default"), under Berth's state and runtime folders. */
export function defaultInstancePaths(dirs: { stateDir: string; runtimeDir: string }): InstancePaths {
  return instancePaths(path.join(dirs.stateDir, 'vms', 'default'), dirs.runtimeDir);
}
