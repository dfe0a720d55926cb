/**
 * Turns the entries of an archive of a volume (as the engine's archive
 * endpoint names them: `./`, `./sub/`, `./sub/file`) into the tree the UI
 * shows, with each directory's size the sum of what is under it. Pure.
 */
import type { VolumeEntry, VolumeEntryKind } from '../../../preload/contract';
import type { TarEntry } from './tar-reader';

/** `./a/b/` → `a/b`; `./` → ``. */
export function relativeEntryPath(name: string): string {
  return name
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

export function joinVolumePath(base: string, rel: string): string {
  const parts = [...base.split('/'), ...rel.split('/')].filter((segment) => segment !== '' && segment !== '.');
  return parts.join('/');
}

/**
 * `base` is where in the volume the archive was taken (`` for its root).
 * Directories an archive lists only implicitly (a truncated listing) are made up on the way.
 */
export function buildVolumeTree(entries: TarEntry[], base = ''): VolumeEntry {
  const basePath = joinVolumePath(base, '');
  const root = makeEntry(basePath.split('/').pop() ?? '', basePath, 'directory', 0, 0, null);
  const directories = new Map<string, VolumeEntry>([['', root]]);

  const directoryAt = (rel: string): VolumeEntry => {
    const found = directories.get(rel);
    if (found) return found;
    const slash = rel.lastIndexOf('/');
    const parent = directoryAt(slash === -1 ? '' : rel.slice(0, slash));
    const made = makeEntry(rel.slice(slash + 1), joinVolumePath(basePath, rel), 'directory', 0, 0, null);
    parent.children.push(made);
    directories.set(rel, made);
    return made;
  };

  for (const entry of entries) {
    const rel = relativeEntryPath(entry.name);
    if (rel === '') {
      root.modifiedAt = entry.mtimeMs;
      continue;
    }
    if (entry.type === 'directory') {
      directoryAt(rel).modifiedAt = entry.mtimeMs;
      continue;
    }
    const slash = rel.lastIndexOf('/');
    const parent = directoryAt(slash === -1 ? '' : rel.slice(0, slash));
    const kind = kindOf(entry);
    parent.children.push(
      makeEntry(rel.slice(slash + 1), joinVolumePath(basePath, rel), kind, kind === 'file' ? entry.size : 0, entry.mtimeMs, entry.linkName),
    );
  }
  sumAndSort(root);
  return root;
}

function kindOf(entry: TarEntry): VolumeEntryKind {
  // A hard link is a second name for a file: it is one to the user.
  if (entry.type === 'file' || entry.type === 'hardlink') return 'file';
  if (entry.type === 'symlink') return 'symlink';
  return 'other';
}

function makeEntry(name: string, path: string, kind: VolumeEntryKind, sizeBytes: number, modifiedAt: number, linkTarget: string | null): VolumeEntry {
  return { name, path, kind, sizeBytes, modifiedAt, linkTarget, children: [] };
}

function sumAndSort(dir: VolumeEntry): number {
  let total = 0;
  for (const child of dir.children) total += child.kind === 'directory' ? sumAndSort(child) : child.sizeBytes;
  dir.children.sort((a, b) => (a.kind === 'directory') === (b.kind === 'directory') ? a.name.localeCompare(b.name, 'en') : a.kind === 'directory' ? -1 : 1);
  dir.sizeBytes = total;
  return total;
}
