/**
 * The QEMU and kernel command-line pieces for virtiofs shares. virtiofs needs
 * the guest's RAM in shared memory (virtiofsd maps it), hence one memfd
 * backend with share=on as the guest's only NUMA node; each share is a
 * vhost-user-fs device whose other end is a virtiofsd on a unix socket.
 * The guest's init reads `berth.share=TAG,rw|ro,BASE64(path)` (one per share;
 * base64 because a path may hold spaces or commas) and mounts TAG there.
 */
import path from 'node:path';
import type { VmShare } from '../vm/qemu-args';

/** virtio-fs limits the tag to 36 bytes. */
const MAX_TAG_BYTES = 36;

type Options = (driver: string, values: Record<string, string>) => string;

export function virtiofsProblems(shares: readonly VmShare[]): string[] {
  const problems: string[] = [];
  const tags = new Set<string>();
  for (const share of shares) {
    if (!/^[A-Za-z0-9_-]+$/.test(share.tag) || Buffer.byteLength(share.tag) > MAX_TAG_BYTES) {
      problems.push(`share tag ${JSON.stringify(share.tag)} must be 1 to ${MAX_TAG_BYTES} letters, digits, _ or -`);
    }
    if (tags.has(share.tag)) problems.push(`share tag ${JSON.stringify(share.tag)} is used twice`);
    tags.add(share.tag);
    if (!path.isAbsolute(share.socket)) problems.push(`share socket must be an absolute path (got ${JSON.stringify(share.socket)})`);
    if (!path.posix.isAbsolute(share.guestPath) || share.guestPath === '/') {
      problems.push(`share guestPath must be an absolute path other than / (got ${JSON.stringify(share.guestPath)})`);
    }
  }
  return problems;
}

export function virtiofsQemuArgs(shares: readonly VmShare[], memoryMiB: number, options: Options): string[] {
  if (shares.length === 0) return [];
  return [
    ...['-object', options('memory-backend-memfd', { id: 'mem', size: `${memoryMiB}M`, share: 'on' })],
    ...['-numa', options('node', { memdev: 'mem' })],
    ...shares.flatMap((share, index) => [
      ...['-chardev', options('socket', { id: `fs${index}`, path: share.socket })],
      ...['-device', options('vhost-user-fs-pci', { chardev: `fs${index}`, tag: share.tag })],
    ]),
  ];
}

export function virtiofsKernelArgs(shares: readonly VmShare[]): string[] {
  return shares.map((share) => `berth.share=${share.tag},${share.writable ? 'rw' : 'ro'},${Buffer.from(share.guestPath).toString('base64')}`);
}
