/** Small formatters shared by the pages. Pure. */
import type { ContainerSummary, PortBinding } from '../../../preload/contract/dto';

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Sizes the way docker prints them (decimal), or binary for memory. */
export function formatBytes(bytes: number | null | undefined, binary = false): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return '—';
  const step = binary ? 1024 : 1000;
  const units = binary ? BINARY : DECIMAL;
  let value = bytes;
  let unit = 0;
  while (value >= step && unit < units.length - 1) {
    value /= step;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1')} ${units[unit]}`;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

const IMAGE_ID = /^(sha256:)?[0-9a-f]{64}$/i;

/**
 * A container's image as people read it: its reference when it has one, the
 * short 12-hex id when the image is untagged (docker then reports `sha256:…`).
 */
export function displayImage(image: string): string {
  return IMAGE_ID.test(image) ? shortId(image) : image;
}

/** "1 image", "2 images"; `many` defaults to one + "s". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "127.0.0.1:8080→80/tcp"; unpublished ports as "80/tcp". IPv6 twins of IPv4 bindings are folded. */
export function formatPorts(ports: PortBinding[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const sorted = [...ports].sort((a, b) => a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0));
  for (const p of sorted) {
    const target = `${p.containerPort}/${p.protocol}`;
    if (p.hostPort == null) {
      if (!seen.has(target)) out.push(target);
      seen.add(target);
      continue;
    }
    const folded = p.hostIp === '::' ? '0.0.0.0' : (p.hostIp ?? '0.0.0.0');
    const key = `${folded}:${p.hostPort}→${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const host = p.hostIp && p.hostIp.includes(':') ? `[${p.hostIp}]` : (p.hostIp ?? '0.0.0.0');
    out.push(`${host}:${p.hostPort}→${target}`);
  }
  return out;
}

export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

/** "Up 5 min" while running (or paused), docker's own status text otherwise. */
export function formatUptime(c: Pick<ContainerSummary, 'state' | 'startedAt' | 'status'>, now: number): string {
  if ((c.state === 'running' || c.state === 'paused') && c.startedAt != null) {
    const up = `Up ${formatDuration(now - c.startedAt)}`;
    return c.state === 'paused' ? `${up} (Paused)` : up;
  }
  return c.status;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function formatAgo(epochMs: number | null | undefined, now: number): string {
  if (epochMs == null || !Number.isFinite(epochMs) || epochMs <= 0) return '—';
  const seconds = Math.round((epochMs - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86_400 * 30) return relative.format(Math.round(seconds / 86_400), 'day');
  if (abs < 86_400 * 365) return relative.format(Math.round(seconds / (86_400 * 30)), 'month');
  return relative.format(Math.round(seconds / (86_400 * 365)), 'year');
}
