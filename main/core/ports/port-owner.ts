/**
 * Who holds a host port, so a conflict can name it ("in use by nginx, pid
 * 812"). Linux only: the socket's inode from /proc/net/{tcp,udp}[6], then the
 * process whose fd table holds that socket. Processes of other users cannot
 * be looked into; then the answer is null and the message says only the port.
 */
import { promises as fs } from 'node:fs';

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
          Number(pid) === process.pid ? 'Berth itself' : (await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
        return { pid: Number(pid), command };
      }
    }
  }
  return null;
}
