/**
 * Finding text in log lines: which lines match, and where in a line's styled
 * spans the matches fall, so they can be marked without losing colours.
 * Case-insensitive, on the text the user sees (no escape codes). Pure.
 */
import type { AnsiSpan } from './ansi';

export interface MarkedSpan extends AnsiSpan {
  /** Part of a match of the search. */
  mark?: boolean;
}

/** The positions in `lines` (already plain text) that contain `query`. */
export function findMatches(lines: readonly string[], query: string): number[] {
  const needle = query.toLowerCase();
  if (needle === '') return [];
  const found: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i]!.toLowerCase().includes(needle)) found.push(i);
  return found;
}

/** [start, end) offsets of every occurrence of `query` in `text`, not overlapping. */
export function matchRanges(text: string, query: string): [number, number][] {
  const needle = query.toLowerCase();
  if (needle === '') return [];
  const haystack = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    ranges.push([at, at + needle.length]);
  }
  return ranges;
}

/** Splits the spans at the edges of the matches; a match may cross from one colour into the next. */
export function markMatches(spans: readonly AnsiSpan[], query: string): MarkedSpan[] {
  const ranges = matchRanges(spans.map((s) => s.text).join(''), query);
  if (ranges.length === 0) return spans as MarkedSpan[];
  const out: MarkedSpan[] = [];
  let offset = 0;
  let r = 0;
  for (const span of spans) {
    const end = offset + span.text.length;
    let at = offset;
    while (at < end) {
      while (r < ranges.length && ranges[r]![1] <= at) r++;
      const range = ranges[r];
      if (!range || range[0] >= end) {
        out.push({ ...span, text: span.text.slice(at - offset) });
        at = end;
      } else if (range[0] > at) {
        out.push({ ...span, text: span.text.slice(at - offset, range[0] - offset) });
        at = range[0];
      } else {
        const stop = Math.min(range[1], end);
        out.push({ ...span, text: span.text.slice(at - offset, stop - offset), mark: true });
        at = stop;
      }
    }
    offset = end;
  }
  return out;
}

/** The next (step 1) or previous (step -1) match, wrapping round; -1 when there is none. */
export function stepMatch(count: number, current: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0 || current >= count) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}
