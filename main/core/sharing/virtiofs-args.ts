/**
 * The QEMU command-line pieces for virtiofs shares. virtiofs needs the
 * guest's RAM in shared memory (virtiofsd maps it), hence one memfd backend
 * with share=on as the guest's only NUMA node; each share is a
 * vhost-user-fs device whose other end is a virtiofsd on a unix socket.
 */
import path from 'node:path';
import type { OptionsWriter, VirtiofsVmShare } from './share-args';

/** virtio-fs limits the tag to 36 bytes. */
export const VIRTIOFS_MAX_TAG_BYTES = 36;

export function virtiofsProblems(shares: readonly VirtiofsVmShare[]): string[] {
  return shares
    .filter((share) => !path.isAbsolute(share.socket))
    .map((share) => `share socket must be an absolute path (got ${JSON.stringify(share.socket)})`);
}

export function virtiofsQemuArgs(shares: readonly VirtiofsVmShare[], memoryMiB: number, options: OptionsWriter): string[] {
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
