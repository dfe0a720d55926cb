/** Which rows of a volume's file tree show, given the open directories. Pure. */
import type { VolumeEntry } from '../../../preload/contract/volumes-browse';

export interface TreeRow {
  entry: VolumeEntry;
  depth: number;
}

/** Every entry under an open directory, depth-first, in the tree's own order. */
export function visibleRows(root: VolumeEntry, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (dir: VolumeEntry, depth: number) => {
    for (const child of dir.children) {
      rows.push({ entry: child, depth });
      if (child.kind === 'directory' && expanded.has(child.path)) walk(child, depth + 1);
    }
  };
  walk(root, 0);
  return rows;
}
