/**
 * The QEMU command line for a Berth VM, as a pure function of a VmSpec, so
 * every flag is covered by a table test (model: lima's driver/qemu Cmdline).
 *
 * The guest boots its kernel directly (no firmware, no bootloader), with:
 * - disk 1: the read-only root image, erofs (serial "berth-root"),
 * - disk 2: the persistent data disk for /var/lib/docker (serial "berth-data"),
 *   so the guest's init can find each by its serial in sysfs whatever the
 *   enumeration order (there is no udev, hence no /dev/disk/by-id);
 * - user-mode networking with 127.0.0.1:<port> forwarded to the guest's SSH,
 *   and another to the port forwarder's agent (berth-portd) when asked for;
 * - the serial console written to a file (rotated by the host before start,
 *   so QEMU truncating it loses nothing);
 * - QMP on a unix socket;
 * - the shared folders, over virtiofs or 9p (main/core/sharing/share-args.ts).
 * There is no QEMU -pidfile: QEMU's holds only a PID, which cannot tell our
 * process from a later one that reused the number; pid-file.ts records more.
 */
import path from 'node:path';
import { BerthError } from '../../../preload/contract';
import { AGENT_GUEST_PORT } from '../ports/agent-protocol';
import { shareFwCfgArgs, shareKernelArgs, shareProblems, shareQemuArgs, type VmShare } from '../sharing/share-args';

export type GuestArch = 'x86_64' | 'aarch64';
export type Accelerator = 'kvm' | 'hvf' | 'whpx' | 'tcg';

export type { VmShare } from '../sharing/share-args';

export interface VmSpec {
  arch: GuestArch;
  accelerator: Accelerator;
  cpus: number;
  memoryMiB: number;
  kernel: string;
  initrd: string;
  /** Kernel command-line pieces (`name=value` or flags); the console is added for you. */
  append: string[];
  /** The root image (erofs, or squashfs); always attached read-only. */
  rootDisk: string;
  dataDisk: string;
  network: { sshHostPort: number; agentHostPort?: number };
  qmpSocket: string;
  serialLog: string;
  shares?: VmShare[];
}

const MIN_MEMORY_MIB = 512;

export function qemuBinary(arch: GuestArch): string {
  // On Windows the spawner's PATH lookup adds .exe.
  return `qemu-system-${arch}`;
}

export function buildQemuArgs(spec: VmSpec): string[] {
  validate(spec);
  const serialConsole = spec.arch === 'x86_64' ? 'ttyS0' : 'ttyAMA0';
  return [
    ...['-machine', machineFor(spec)],
    ...['-accel', spec.accelerator],
    ...['-cpu', spec.accelerator === 'tcg' ? 'max' : 'host'],
    ...['-smp', String(spec.cpus)],
    ...['-m', String(spec.memoryMiB)],
    '-nodefaults',
    '-no-user-config',
    ...['-display', 'none'],
    // A guest reboot or panic ends QEMU, so the supervisor sees it instead of a silent boot loop.
    '-no-reboot',
    ...['-kernel', spec.kernel],
    ...['-initrd', spec.initrd],
    // -append is taken verbatim by QEMU: no comma doubling here, only kernel quoting.
    ...['-append', kernelCommandLine([`console=${serialConsole}`, ...spec.append, ...shareKernelArgs(spec.shares ?? [])])],
    ...disk('root', spec.rootDisk, { readonly: 'on' }),
    // discard=unmap lets the guest's fstrim give space back, so the sparse file stays sparse.
    ...disk('data', spec.dataDisk, { discard: 'unmap' }),
    ...['-netdev', userNetwork(spec.network)],
    ...['-device', options('virtio-net-pci', { netdev: 'net0' })],
    // Entropy from the host, so sshd and dockerd never wait for the guest's pool at boot.
    ...['-device', 'virtio-rng-pci'],
    ...shareQemuArgs(spec.shares ?? [], spec.memoryMiB, options),
    ...shareFwCfgArgs(spec.shares ?? [], options),
    ...['-chardev', options('file', { id: 'serial0', path: spec.serialLog })],
    ...['-serial', 'chardev:serial0'],
    ...['-chardev', options('socket', { id: 'qmp', path: spec.qmpSocket, server: 'on', wait: 'off' })],
    ...['-mon', options('', { chardev: 'qmp', mode: 'control' })],
  ];
}

/** QEMU takes one hostfwd= per forward, so the keys repeat: joined by hand. */
function userNetwork(network: VmSpec['network']): string {
  const forwards = [`tcp:127.0.0.1:${network.sshHostPort}-:22`];
  if (network.agentHostPort !== undefined) forwards.push(`tcp:127.0.0.1:${network.agentHostPort}-:${AGENT_GUEST_PORT}`);
  return [options('user', { id: 'net0' }), ...forwards.map((forward) => options('', { hostfwd: forward }))].join(',');
}

function machineFor(spec: VmSpec): string {
  if (spec.arch === 'x86_64') return 'q35';
  // KVM on GICv3-only Arm servers cannot run virt's default GICv2.
  return spec.accelerator === 'kvm' ? 'virt,gic-version=max' : 'virt';
}

function disk(id: string, file: string, extra: Record<string, string>): string[] {
  return [
    ...['-drive', options('', { if: 'none', id, file, format: 'raw', ...extra })],
    ...['-device', options('virtio-blk-pci', { drive: id, serial: `berth-${id}` })],
  ];
}

/** `driver,key=value,...` with QEMU's escaping: a comma inside a value is written twice. */
export function options(driver: string, values: Record<string, string>): string {
  const pairs = Object.entries(values).map(([key, value]) => `${key}=${value.replaceAll(',', ',,')}`);
  return [driver, ...pairs].filter((part) => part !== '').join(',');
}

/**
 * Joins pieces for the Linux command line. A piece with whitespace is quoted
 * as `name="value"`, which the kernel understands; the kernel has no escape
 * for a double quote, so a piece containing one is refused.
 */
export function kernelCommandLine(pieces: string[]): string {
  return pieces
    .map((piece) => {
      if (piece === '' || piece.includes('"')) {
        throw new BerthError('invalid-input', `kernel command-line piece ${JSON.stringify(piece)} is empty or contains a double quote`);
      }
      if (!/\s/.test(piece)) return piece;
      const eq = piece.indexOf('=');
      return eq < 0 ? `"${piece}"` : `${piece.slice(0, eq + 1)}"${piece.slice(eq + 1)}"`;
    })
    .join(' ');
}

function validate(spec: VmSpec): void {
  const problems: string[] = [];
  if (!Number.isInteger(spec.cpus) || spec.cpus < 1) problems.push(`cpus must be a whole number of at least 1 (got ${spec.cpus})`);
  if (!Number.isInteger(spec.memoryMiB) || spec.memoryMiB < MIN_MEMORY_MIB) {
    problems.push(`memoryMiB must be a whole number of at least ${MIN_MEMORY_MIB} (got ${spec.memoryMiB})`);
  }
  for (const [name, port] of Object.entries(spec.network)) {
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) problems.push(`${name} must be a port from 1 to 65535 (got ${port})`);
  }
  const files = { kernel: spec.kernel, initrd: spec.initrd, rootDisk: spec.rootDisk, dataDisk: spec.dataDisk, qmpSocket: spec.qmpSocket, serialLog: spec.serialLog };
  for (const [name, file] of Object.entries(files)) {
    if (!path.isAbsolute(file)) problems.push(`${name} must be an absolute path (got ${JSON.stringify(file)})`);
  }
  if (spec.accelerator === 'whpx' && spec.arch !== 'x86_64') problems.push('whpx runs only x86_64 guests');
  problems.push(...shareProblems(spec.shares ?? []));
  if (problems.length > 0) throw new BerthError('invalid-input', `Invalid VM spec: ${problems.join('; ')}`);
}
