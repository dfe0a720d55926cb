/** Log lines as plain text, for Copy and Download: what the view shows, without colour codes. Pure. */
import type { ViewLine } from './log-session';

export interface ExportOptions {
  timestamps: boolean;
  /** Source labels by index; a line of a labelled source is prefixed "label | ". */
  labels: readonly (string | null)[];
}

export function linesToText(lines: Iterable<ViewLine>, { timestamps, labels }: ExportOptions): string {
  const out: string[] = [];
  for (const line of lines) {
    const label = labels[line.source];
    const ts = timestamps && line.timestamp ? `${line.timestamp} ` : '';
    out.push(`${ts}${label ? `${label} | ` : ''}${line.plain}`);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/** A file name from what the logs are of: letters, digits, dot, dash, underscore. */
export function logFileName(what: string, now: Date): string {
  const safe = what.replace(/^\//, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'logs';
  const stamp = now.toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z');
  return `${safe}-${stamp}.log`;
}
