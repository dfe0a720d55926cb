// CPU time of this process and everything it started, by kind, from /proc
// (Linux): on a shared machine the time each part spends per line is a
// steadier figure than the lines per second it managed to get.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function kindOf(pid, cmdline) {
  if (pid === process.pid) return 'bench (and stand-in engine)';
  if (cmdline.includes('cli.cjs')) return 'berth web';
  if (cmdline.includes('--type=renderer')) return 'chromium renderer';
  if (cmdline.includes('chrom')) return 'chromium other';
  return 'other';
}

/** CPU seconds used so far by this process and its descendants, by kind. */
export function cpuByKind() {
  const procs = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which may hold spaces: state, ppid, … utime (14th), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      procs.push({ pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmdline });
    } catch {
      // Gone meanwhile.
    }
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (mine.has(p.pid) || !mine.has(p.ppid)) continue;
      mine.add(p.pid);
      grew = true;
    }
  }
  const seconds = {};
  for (const p of procs) {
    if (!mine.has(p.pid)) continue;
    const kind = kindOf(p.pid, p.cmdline);
    seconds[kind] = (seconds[kind] ?? 0) + p.ticks / TICKS_PER_SECOND;
  }
  return seconds;
}

/** Microseconds of CPU per line for each kind between two cpuByKind() readings. */
export function microsPerLine(before, after, lines) {
  return Object.fromEntries(
    Object.keys(after)
      .filter((kind) => kind !== 'other')
      .map((kind) => [kind, ((after[kind] - (before[kind] ?? 0)) * 1e6) / Math.max(1, lines)]),
  );
}
