/** Looking inside volumes: their users, their files, prune, and the web host's download/upload paths. */

/** A container that mounts a volume. */
export interface VolumeUser {
  containerId: string;
  containerName: string;
  state: string;
  /** Where the volume is mounted inside the container. */
  destination: string;
  readOnly: boolean;
}

export type VolumeEntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface VolumeEntry {
  /** The entry's own name (no slashes). */
  name: string;
  /** From the volume's root, without a leading slash: `sub/file.txt`. */
  path: string;
  kind: VolumeEntryKind;
  /** A file's size; a directory's is the sum of everything under it. */
  sizeBytes: number;
  /** Milliseconds since the epoch. */
  modifiedAt: number;
  /** A symlink's target, as stored. */
  linkTarget: string | null;
  /** Directories only, sorted: directories first, then by name. */
  children: VolumeEntry[];
}

export interface VolumeTree {
  volume: string;
  root: VolumeEntry;
  /** Files, directories and links seen. */
  entryCount: number;
  /** True when the listing stopped early (too many entries, or too much file data to read through): the tree shows the first ones. */
  truncated: boolean;
  /** Why it stopped early, in words for the user; null when it did not. */
  truncatedReason: string | null;
  /** The local image the short-lived helper container was made from. */
  helperImage: string;
}

export interface VolumePruneResult {
  deleted: string[];
  spaceReclaimedBytes: number;
}

/**
 * Paths on the web host (same origin as the UI, token cookie) for moving
 * bytes that do not belong on the WebSocket: a file download, a volume
 * exported as tar, a tar imported into a volume (POST, body = the tar).
 */
export const volumeTransferPaths = {
  file: (volume: string, path: string) => `/api/volumes/${encodeURIComponent(volume)}/file?path=${encodeURIComponent(path)}`,
  exportTar: (volume: string) => `/api/volumes/${encodeURIComponent(volume)}/export`,
  importTar: (volume: string) => `/api/volumes/${encodeURIComponent(volume)}/import`,
};

/** Why a path inside a volume is refused, or null: relative to the volume's root, no `..`, no NUL. */
export function volumePathProblem(path: string): string | null {
  if (path.length > 4096) return 'The path is too long.';
  if (path.includes('\0')) return 'The path may not contain NUL.';
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return 'The path may not leave the volume (no `..`).';
  return null;
}

/** The desktop app's "Save as" for a volume's file or tar; null when the user cancelled the dialog. */
export interface VolumeSaved {
  savedTo: string | null;
}
