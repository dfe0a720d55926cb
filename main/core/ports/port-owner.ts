/**
 * Who holds a host port, so a conflict can name it ("in use by nginx, pid
 * 812"). Linux only: the socket's inode from /proc/net/{tcp,udp}[6], then the
 * process whose fd table holds that socket. Processes of other users cannot
 * be looked into; then the answer is null and the message says only the port.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface PortOwner {
  pid: number;
  command: string;
}

/**
 * Inodes of sockets bound to `port` in one /proc/net table; for TCP only
 * listening sockets (state 0A), for UDP every bound socket.
 */
export function socketInodes(table: string, port: number, protocol: 'tcp' | 'udp'): string[] {
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const localPort = Number.parseInt(fields[1]!.split(':')[1] ?? '', 16);
    if (localPort !== port) continue;
    if (protocol === 'tcp' && fields[3] !== '0A') continue;
    if (fields[9] !== '0') inodes.push(fields[9]!);
  }
  return inodes;
}

/** The kernel keeps at most this many bytes of a process name in /proc/PID/comm. */
const COMM_BYTES = 15;

/**
 * The name to show for a process. /proc/PID/comm is cut at 15 bytes
 * ("qemu-system-x86" for qemu-system-x86_64), so then the basename of argv[0]
 * from /proc/PID/cmdline (NUL-separated) gives the full name, when it is one.
 * An uncut comm is exact, and better than an argv[0] a process rewrote
 * ("postgres: checkpointer", a login shell's "-bash").
 */
export function processName(comm: string, cmdline: string): string {
  const name = comm.trim();
  const argv0 = path.posix.basename(cmdline.split('\0')[0] ?? '');
  if (!name) return argv0 || '?';
  const cut = Buffer.byteLength(name) >= COMM_BYTES;
  return cut && argv0.startsWith(name) ? argv0 : name;
}

export async function findPortOwner(port: number, protocol: 'tcp' | 'udp'): Promise<PortOwner | null> {
  if (process.platform !== 'linux') return null;
  const tables = await Promise.all(
    [`/proc/net/${protocol}`, `/proc/net/${protocol}6`].map((file) => fs.readFile(file, 'utf8').catch(() => '')),
  );
  const wanted = new Set(tables.flatMap((table) => socketInodes(table, port, protocol)).map((inode) => `socket:[${inode}]`));
  if (wanted.size === 0) return null;
  const pids = (await fs.readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (wanted.has(link)) {
        const command =
          Number(pid) === process.pid
            ? 'Berth itself'
            : processName(
                await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => ''),
                await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
              );
        return { pid: Number(pid), command };
      }
    }
  }
  return null;
}
