/**
 * The QEMU command-line pieces for 9p shares: QEMU's built-in virtfs, one
 * `-fsdev local` (the host folder) and one virtio-9p-pci device (the tag the
 * guest mounts) per share; no daemon, no shared memory. security_model is
 * mapped-xattr where the host filesystem keeps user.* attributes (see
 * host-xattrs.ts), else none; a read-only share is read-only in QEMU too,
 * not only in the guest's mount.
 */
import type { NinePVmShare, OptionsWriter } from './share-args';

/** QEMU's virtio-9p takes tags up to 31 bytes in older releases. */
export const NINEP_MAX_TAG_BYTES = 31;

export function ninepProblems(shares: readonly NinePVmShare[]): string[] {
  return shares
    .filter((share) => Buffer.byteLength(share.tag) > NINEP_MAX_TAG_BYTES)
    .map((share) => `9p share tag ${JSON.stringify(share.tag)} is longer than ${NINEP_MAX_TAG_BYTES} bytes`);
}

export function ninepQemuArgs(shares: readonly NinePVmShare[], options: OptionsWriter): string[] {
  return shares.flatMap((share, index) => [
    ...[
      '-fsdev',
      options('local', {
        id: `p9fs${index}`,
        path: share.hostPath,
        security_model: share.securityModel,
        ...(share.writable ? {} : { readonly: 'on' }),
      }),
    ],
    ...['-device', options('virtio-9p-pci', { fsdev: `p9fs${index}`, mount_tag: share.tag })],
  ]);
}
