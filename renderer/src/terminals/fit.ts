/**
 * Fitting a terminal to its box: how many columns and rows of cells fit.
 * Pure; the component measures the box and the cell.
 */

export interface CellSize {
  width: number;
  height: number;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** Room kept on the right for the scrollbar, in CSS pixels. */
export const SCROLLBAR_PX = 14;
const MIN_COLS = 2;
const MIN_ROWS = 1;
const MAX = 1000;

/** Null when nothing can be measured yet (a hidden box, a cell not laid out). */
export function fitTerminal(box: { width: number; height: number }, cell: CellSize): TerminalSize | null {
  if (box.width <= 0 || box.height <= 0 || cell.width <= 0 || cell.height <= 0) return null;
  const cols = Math.floor((box.width - SCROLLBAR_PX) / cell.width);
  const rows = Math.floor(box.height / cell.height);
  return {
    cols: Math.min(MAX, Math.max(MIN_COLS, cols)),
    rows: Math.min(MAX, Math.max(MIN_ROWS, rows)),
  };
}

/**
 * One cell's size, from the terminal's own screen element, which xterm sizes
 * to exactly cols × rows cells.
 */
export function cellFromScreen(screen: { width: number; height: number }, size: TerminalSize): CellSize | null {
  if (screen.width <= 0 || screen.height <= 0 || size.cols <= 0 || size.rows <= 0) return null;
  return { width: screen.width / size.cols, height: screen.height / size.rows };
}
