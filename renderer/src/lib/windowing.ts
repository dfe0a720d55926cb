/**
 * Which rows of a long list to render: those in the viewport plus a margin
 * above and below, with the rest stood in for by two spacers of the right
 * height, so the scrollbar and the scroll position behave as for the whole
 * list. Rows may differ in height: each is measured once rendered and
 * estimated until then. Pure.
 */

/** Lists this long and shorter render whole: below it the bookkeeping costs more than it saves, and find-in-page still sees every row. */
export const WINDOW_FROM_ROWS = 100;

export interface RowWindow {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
  /** Height of the rows before `start`, and after `end - 1`. */
  padTop: number;
  padBottom: number;
  total: number;
}

/** Where each row starts: `offsets[i]` is the height of rows 0..i-1; `offsets[n]` the whole list's. */
export function rowOffsets(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + heightOf(i);
  return offsets;
}

/**
 * The rows that meet [viewTop - overscan, viewTop + viewHeight + overscan),
 * where viewTop is how far the viewport's top lies below the list's top
 * (negative while the list starts lower on the screen).
 */
export function rowWindow(offsets: Float64Array, viewTop: number, viewHeight: number, overscan: number): RowWindow {
  const count = offsets.length - 1;
  const total = offsets[count]!;
  if (count === 0) return { start: 0, end: 0, padTop: 0, padBottom: 0, total };
  const from = Math.max(0, viewTop - overscan);
  const to = Math.min(total, viewTop + Math.max(0, viewHeight) + overscan);
  if (to <= 0 || from >= total) {
    // The list is wholly off screen: keep its first (or last) row so the table has a body to measure.
    const start = from >= total ? count - 1 : 0;
    return { start, end: start + 1, padTop: offsets[start]!, padBottom: total - offsets[start + 1]!, total };
  }
  // First row whose bottom is below `from`; last row whose top is above `to`.
  // Row i spans [offsets[i], offsets[i + 1]); offsets[0] = 0 <= from and offsets[count] = total >= to bound both searches.
  const start = Math.min(count - 1, firstAbove(offsets, from) - 1);
  const end = Math.min(count, Math.max(start + 1, firstAtOrAbove(offsets, to)));
  return { start, end, padTop: offsets[start]!, padBottom: total - offsets[end]!, total };
}

/** The smallest i with offsets[i] > value (offsets.length when none). */
function firstAbove(offsets: Float64Array, value: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The smallest i with offsets[i] >= value (offsets.length when none). */
function firstAtOrAbove(offsets: Float64Array, value: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
