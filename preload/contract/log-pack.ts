/**
 * A batch of log lines in a packed form for the wire: the texts as one
 * string, the timestamps as another, and where the stderr lines are. Each
 * line as its own object costs a key set per line to encode and to decode,
 * about half the time a fast container's logs spend on the way to the UI.
 * Asked for with `packed: true` on logs:subscribe; pure, no node, no DOM.
 */
import type { LogLine } from './dto';

export interface PackedLogLines {
  count: number;
  /** The texts joined by '\n' (a decoded line never holds one). */
  texts: string;
  /** The timestamps joined by ' ', '' for a line without one; null when no line has one. */
  timestamps: string | null;
  /** The positions of the stderr lines, in order; every other line is stdout. */
  stderr: number[];
}

/** null when a text holds a newline, which the packed form cannot carry: send the lines as they are. */
export function packLogLines(lines: readonly LogLine[]): PackedLogLines | null {
  const texts: string[] = new Array<string>(lines.length);
  const stamps: string[] = new Array<string>(lines.length);
  const stderr: number[] = [];
  let anyStamp = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text.includes('\n')) return null;
    texts[i] = line.text;
    stamps[i] = line.timestamp ?? '';
    if (line.timestamp !== null) anyStamp = true;
    if (line.stream === 'stderr') stderr.push(i);
  }
  return { count: lines.length, texts: texts.join('\n'), timestamps: anyStamp ? stamps.join(' ') : null, stderr };
}

export function unpackLogLines(packed: PackedLogLines): LogLine[] {
  if (packed.count === 0) return [];
  const texts = packed.texts.split('\n');
  const stamps = packed.timestamps === null ? null : packed.timestamps.split(' ');
  if (texts.length !== packed.count || (stamps !== null && stamps.length !== packed.count)) {
    throw new Error(`a packed log batch says ${packed.count} lines but holds ${texts.length} texts`);
  }
  const lines: LogLine[] = new Array<LogLine>(packed.count);
  let nextErr = 0;
  for (let i = 0; i < packed.count; i++) {
    const isErr = packed.stderr[nextErr] === i;
    if (isErr) nextErr++;
    lines[i] = { stream: isErr ? 'stderr' : 'stdout', text: texts[i]!, timestamp: stamps?.[i] || null };
  }
  return lines;
}
