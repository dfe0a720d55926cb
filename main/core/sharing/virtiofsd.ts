/**
 * One virtiofsd per share, each serving its folder on a vhost-user socket in
 * the VM's runtime folder; QEMU connects to them at start. A virtiofsd ends
 * by itself when QEMU's end of its socket closes (QEMU exited); Berth stops
 * them on teardown too, so none outlives the VM it served. One that ends
 * while its VM runs (killed, crashed) cannot be replaced: QEMU 7.2's
 * vhost-user-fs does not reconnect, and the guest's requests to it wait until
 * the VM restarts. That is reported (`lost`, `onLost`) for the user to act on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../../preload/contract';
import type { VirtiofsdBinary } from './mechanism';
import type { VirtiofsVmShare } from './share-args';
import type { PlannedShare } from './share-rules';

/** Where distributions install it: Debian/Ubuntu (qemu-system-common, or the virtiofsd package), Fedora, Arch. */
const VIRTIOFSD_CANDIDATES = ['/usr/libexec/virtiofsd', '/usr/lib/qemu/virtiofsd', '/usr/lib/virtiofsd', '/usr/bin/virtiofsd'];
const SOCKET_WAIT_MS = 10_000;
const STOP_GRACE_MS = 2_000;

export function locateVirtiofsd(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.BERTH_VIRTIOFSD;
  if (override) return existsSync(override) ? override : null;
  return VIRTIOFSD_CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

export interface ShareDaemons {
  shares: VirtiofsVmShare[];
  /** Host folders whose virtiofsd ended while its VM ran, with how it ended. */
  lost: ReadonlyMap<string, string>;
  /** Ends every virtiofsd (TERM, then KILL) and removes its socket; safe to call twice. */
  stop(): Promise<void>;
}

export async function startShareDaemons(
  binary: VirtiofsdBinary,
  mounts: readonly PlannedShare[],
  runtimeDir: string,
  log: (message: string) => void,
  onLost: (hostPath: string, how: string) => void = () => undefined,
): Promise<ShareDaemons> {
  const children: ChildProcess[] = [];
  const shares: VirtiofsVmShare[] = [];
  const lost = new Map<string, string>();
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(children.map(endChild));
    await Promise.all(shares.map((share) => fs.rm(share.socket, { force: true })));
  };
  try {
    for (const mount of mounts) {
      const socket = path.join(runtimeDir, `${mount.tag}.sock`);
      await fs.rm(socket, { force: true });
      // virtiofsd refuses a source that is a symlink ("not a directory"); a shared folder often is one (a home, /tmp on macOS).
      const source = realpathSync(mount.hostPath);
      const child = spawn(binary.path, virtiofsdArgs(binary, source, socket, process.getuid?.() === 0), { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-2000);
      });
      let serving = false;
      child.once('exit', (code, signal) => {
        const how = `exited (${signal ?? code})`;
        log(`virtiofsd for ${mount.hostPath} ${how} ${stderr.trim().split('\n').pop() ?? ''}`);
        if (!serving || stopping) return;
        lost.set(mount.hostPath, how);
        onLost(mount.hostPath, how);
      });
      await waitForSocket(socket, child, () => stderr, mount.hostPath);
      serving = true;
      shares.push({ ...mount, mechanism: 'virtiofs', socket });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { shares, lost, stop };
}

/**
 * cache=auto: attributes and directory entries are trusted for 1 s, so a
 * change made on the host shows in the guest within a second. The Rust
 * virtiofsd takes plain flags; run by a normal user it needs --sandbox=none
 * (its namespace sandbox needs root).
 */
export function virtiofsdArgs(binary: Pick<VirtiofsdBinary, 'flavour'>, hostPath: string, socket: string, root: boolean): string[] {
  if (binary.flavour === 'rust') {
    return [`--socket-path=${socket}`, `--shared-dir=${hostPath}`, '--cache=auto', '--xattr', '--announce-submounts', ...(root ? [] : ['--sandbox=none'])];
  }
  // virtiofsd splits -o at commas; a backslash escapes the next character (libfuse's option parser).
  const source = hostPath.replace(/[\\,]/g, (c) => `\\${c}`);
  return [`--socket-path=${socket}`, '-o', `source=${source}`, '-o', 'cache=auto', '-o', 'xattr', '-o', 'announce_submounts'];
}

async function waitForSocket(socket: string, child: ChildProcess, stderr: () => string, hostPath: string): Promise<void> {
  const deadline = Date.now() + SOCKET_WAIT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new BerthError('engine-unavailable', `virtiofsd could not share ${hostPath}: ${stderr().trim() || `it exited (${child.exitCode ?? child.signalCode})`}`);
    }
    const stat = await fs.stat(socket).catch(() => null);
    if (stat?.isSocket()) return;
    if (Date.now() > deadline) throw new BerthError('engine-unavailable', `virtiofsd did not open its socket for ${hostPath} within ${SOCKET_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function endChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
