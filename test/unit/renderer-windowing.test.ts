import { describe, expect, it } from 'vitest';
import { rowOffsets, rowWindow } from '../../renderer/src/lib/windowing';

const even = (count: number, height = 40) => rowOffsets(count, () => height);

describe('rowOffsets', () => {
  it('adds up the heights before each row, the whole list last', () => {
    expect([...rowOffsets(3, (i) => [10, 20, 30][i]!)]).toEqual([0, 10, 30, 60]);
    expect([...rowOffsets(0, () => 40)]).toEqual([0]);
  });
});

describe('rowWindow', () => {
  it('at the top: the rows in the viewport and the overscan below, a spacer for the rest', () => {
    // 500 rows of 40 px, a 400 px viewport, 100 px overscan: rows 0..12 (0..500 px).
    expect(rowWindow(even(500), 0, 400, 100)).toEqual({ start: 0, end: 13, padTop: 0, padBottom: 500 * 40 - 13 * 40, total: 20_000 });
  });

  it('scrolled into the middle: overscan on both sides, spacers sum with the rows to the whole height', () => {
    const w = rowWindow(even(500), 4000, 400, 100);
    // Rows meeting [3900, 4500): 97 (3880..3920) to 112 (4480..4520).
    expect(w).toMatchObject({ start: 97, end: 113, padTop: 97 * 40 });
    expect(w.padTop + (w.end - w.start) * 40 + w.padBottom).toBe(w.total);
  });

  it('a row that only touches the edge is left out; one that overlaps by a pixel is in', () => {
    expect(rowWindow(even(100), 400, 400, 0)).toMatchObject({ start: 10, end: 20 });
    expect(rowWindow(even(100), 401, 400, 0)).toMatchObject({ start: 10, end: 21 });
  });

  it('at the very end: the last row is rendered and nothing is left below', () => {
    const w = rowWindow(even(500), 20_000 - 400, 400, 100);
    expect(w).toMatchObject({ end: 500, padBottom: 0 });
    expect(w.start).toBe(500 - 13);
  });

  it('with the list starting lower on the screen (negative top), counts from its first row', () => {
    expect(rowWindow(even(500), -300, 400, 0)).toMatchObject({ start: 0, end: 3 });
  });

  it('keeps one row when the list is wholly off screen, and none of an empty list', () => {
    expect(rowWindow(even(10), -5000, 400, 100)).toMatchObject({ start: 0, end: 1, padBottom: 360 });
    expect(rowWindow(even(10), 5000, 400, 100)).toMatchObject({ start: 9, end: 10, padTop: 360, padBottom: 0 });
    expect(rowWindow(even(0), 0, 400, 100)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0, total: 0 });
  });

  it('follows rows of different heights (a measured tall row moves the ones after it)', () => {
    const heights = Array.from({ length: 100 }, (_, i) => (i === 5 ? 400 : 40));
    const offsets = rowOffsets(100, (i) => heights[i]!);
    // Row 5 spans 200..600; rows 6.. start at 600.
    expect(rowWindow(offsets, 500, 100, 0)).toMatchObject({ start: 5, end: 6 });
    expect(rowWindow(offsets, 600, 100, 0)).toMatchObject({ start: 6, end: 9, padTop: 600 });
  });
});
