import { describe, expect, it } from 'vitest';
import { cellFromScreen, fitTerminal, SCROLLBAR_PX } from '../../renderer/src/terminals/fit';

describe('fitTerminal', () => {
  it.each([
    // box, cell → size
    [{ width: 800 + SCROLLBAR_PX, height: 408 }, { width: 8, height: 17 }, { cols: 100, rows: 24 }],
    [{ width: 800 + SCROLLBAR_PX + 7, height: 424 }, { width: 8, height: 17 }, { cols: 100, rows: 24 }],
    [{ width: 30, height: 10 }, { width: 8, height: 17 }, { cols: 2, rows: 1 }],
    [{ width: 1e6, height: 1e6 }, { width: 8, height: 17 }, { cols: 1000, rows: 1000 }],
  ])('fits %o of %o cells as %o', (box, cell, size) => {
    expect(fitTerminal(box, cell)).toEqual(size);
  });

  it('gives nothing for a box or a cell not laid out', () => {
    expect(fitTerminal({ width: 0, height: 400 }, { width: 8, height: 17 })).toBeNull();
    expect(fitTerminal({ width: 800, height: 400 }, { width: 0, height: 0 })).toBeNull();
  });
});

describe('cellFromScreen', () => {
  it('divides the screen by the current size', () => {
    expect(cellFromScreen({ width: 640, height: 408 }, { cols: 80, rows: 24 })).toEqual({ width: 8, height: 17 });
    expect(cellFromScreen({ width: 0, height: 0 }, { cols: 80, rows: 24 })).toBeNull();
  });
});
