/**
 * The shares a VM was booted with, kept beside its sockets while it runs. A
 * Berth that crashed and reattaches to that VM reads them back: without
 * them it could neither refuse binds outside the shares ("Mounts denied") nor
 * replay host file changes into the guest. Settings may have changed since
 * the boot, so they are not the answer: what the guest mounted is.
 */
import { promises as fs } from 'node:fs';
import type { VmShare } from './share-args';

export async function recordBootShares(file: string, shares: readonly VmShare[]): Promise<void> {
  // Written whole, then renamed: a Berth killed mid-write leaves no half a list.
  const partial = `${file}.partial`;
  await fs.writeFile(partial, JSON.stringify(shares), { mode: 0o600 });
  await fs.rename(partial, file);
}

/** null when there is no record (a VM booted by a Berth that kept none) or it cannot be read. */
export async function readBootShares(file: string): Promise<VmShare[] | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every(isVmShare) ? parsed : null;
  } catch {
    return null;
  }
}

function isVmShare(value: unknown): value is VmShare {
  if (typeof value !== 'object' || value === null) return false;
  const share = value as Record<string, unknown>;
  return (
    typeof share.hostPath === 'string' &&
    typeof share.guestPath === 'string' &&
    typeof share.writable === 'boolean' &&
    typeof share.tag === 'string' &&
    (share.mechanism === 'virtiofs' || share.mechanism === '9p')
  );
}
