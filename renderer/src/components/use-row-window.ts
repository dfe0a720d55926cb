/**
 * Windowing for a long table: which of `count` rows to render given where the
 * table sits in its scrolling ancestor. Rendered rows are measured (in DOM
 * order: the table's body rows that are not spacers) and estimated until
 * then. Short lists render whole (see WINDOW_FROM_ROWS).
 */
import { useLayoutEffect, useMemo, useState } from 'react';
import { rowOffsets, rowWindow, WINDOW_FROM_ROWS } from '../lib/windowing';

// Rows rendered beyond each edge of the viewport: Tab into the next row and a fast wheel flick land on rendered rows.
const OVERSCAN_PX = 600;
/** Marks the spacer rows, which the measuring skips. */
export const SPACER_ATTR = 'data-window-spacer';

export interface RowWindowView {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

export function useRowWindow(
  /** The table, once mounted (a callback ref's state, so a remounted table is followed too). */
  table: HTMLTableElement | null,
  count: number,
  keyOf: (index: number) => string,
  estimatePx: number,
): RowWindowView {
  const enabled = count > WINDOW_FROM_ROWS;
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [range, setRange] = useState(() => ({ start: 0, end: Math.ceil((innerHeight + OVERSCAN_PX) / estimatePx) }));

  const offsets = useMemo(
    () => (enabled ? rowOffsets(count, (i) => heights.get(keyOf(i)) ?? estimatePx) : null),
    [enabled, count, keyOf, estimatePx, heights],
  );

  // Where the viewport is over the list, now and on each scroll or resize (at most once a frame).
  useLayoutEffect(() => {
    if (!table || !offsets) return;
    const scroller = scrollParent(table);
    const update = () => {
      const body = table.tBodies[0];
      if (!body) return;
      const viewTop = (scroller ? scroller.getBoundingClientRect().top : 0) - body.getBoundingClientRect().top;
      const viewHeight = scroller ? scroller.clientHeight : innerHeight;
      const next = rowWindow(offsets, viewTop, viewHeight, OVERSCAN_PX);
      setRange((prev) => (prev.start === next.start && prev.end === next.end ? prev : { start: next.start, end: next.end }));
    };
    let frame = 0;
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), update()));
    };
    update();
    const target: HTMLElement | Window = scroller ?? window;
    target.addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', schedule);
    const resize = new ResizeObserver(schedule);
    if (scroller) resize.observe(scroller);
    return () => {
      cancelAnimationFrame(frame);
      target.removeEventListener('scroll', schedule);
      removeEventListener('resize', schedule);
      resize.disconnect();
    };
  }, [table, offsets]);

  const start = Math.min(range.start, Math.max(0, count - 1));
  const end = Math.min(Math.max(range.end, start + 1), count);

  // Rendered rows are measured (now and whenever they resize); a new height moves the offsets, which may move the window.
  useLayoutEffect(() => {
    if (!table || !enabled) return;
    const keys = new Map<Element, string>();
    table.querySelectorAll(`:scope > tbody > tr:not([${SPACER_ATTR}])`).forEach((row, k) => {
      if (start + k < end) keys.set(row, keyOf(start + k));
    });
    const observer = new ResizeObserver((entries) =>
      setHeights((prev) => {
        let next: Map<string, number> | null = null;
        for (const entry of entries) {
          const key = keys.get(entry.target);
          const height = entry.target.getBoundingClientRect().height;
          if (key === undefined || height <= 0 || Math.abs((prev.get(key) ?? -1) - height) <= 0.5) continue;
          next ??= new Map(prev);
          next.set(key, height);
        }
        return next ?? prev;
      }),
    );
    for (const row of keys.keys()) observer.observe(row);
    return () => observer.disconnect();
  }, [table, enabled, start, end, keyOf]);

  if (!offsets) return { start: 0, end: count, padTop: 0, padBottom: 0 };
  return { start, end, padTop: offsets[start]!, padBottom: offsets[count]! - offsets[end]! };
}

// Found once per table: computed styles of every ancestor on each scroll would cost a style pass.
const scrollParents = new WeakMap<HTMLElement, HTMLElement | null>();

/** The nearest ancestor that scrolls vertically (null: the document itself). */
function scrollParent(element: HTMLElement): HTMLElement | null {
  if (scrollParents.has(element)) return scrollParents.get(element)!;
  let found: HTMLElement | null = null;
  for (let el = element.parentElement; el && !found; el = el.parentElement) {
    const overflow = getComputedStyle(el).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') found = el;
  }
  scrollParents.set(element, found);
  return found;
}
