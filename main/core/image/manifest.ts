/**
 * The guest image's manifest.json, as assets/vm/build-image.sh writes it:
 *
 *   { "name": "berth-guest", "version": "<date>-<key>", "key": "<key>",
 *     "suite": "trixie", "arch": "x86_64", "kernel": "<uname -r>",
 *     "docker": "<dockerd version>", "rootfsType": "erofs", "createdAt": "...",
 *     "files": { "vmlinux": {sha256, size}, "vmlinuz": {...},
 *                "initrd.img": {...}, "rootfs.img": {...} } }
 *
 * `guestProtocol` is what the host and the guest's init agree on; images
 * built before it existed speak protocol 1.
 *
 * `vmlinux` (the kernel as an ELF with a PVH entry point, which QEMU boots
 * without firmware help or in-guest decompression) is optional; `vmlinuz`
 * (the bzImage) is always there.
 */
import { z } from 'zod';

/** The guest protocol this Berth speaks (assets/vm/build-image.sh GUEST_PROTOCOL); 2: shares listed in fw_cfg. */
export const GUEST_PROTOCOL = 2;

const part = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'sha256 must be 64 lowercase hex digits' }),
  size: z.number().int().nonnegative(),
});

export const manifestSchema = z.object({
  name: z.literal('berth-guest'),
  version: z.string().min(1),
  key: z.string().min(1),
  suite: z.string().optional(),
  arch: z.string().optional(),
  kernel: z.string(),
  docker: z.string(),
  rootfsType: z.string().optional(),
  guestProtocol: z.number().int().positive().optional(),
  createdAt: z.string().optional(),
  files: z.object({
    vmlinux: part.optional(),
    vmlinuz: part,
    'initrd.img': part,
    'rootfs.img': part,
  }),
});

export type GuestManifest = z.infer<typeof manifestSchema>;
export type GuestPart = keyof GuestManifest['files'];

/** The parts a manifest lists, in a fixed order (only known names: no paths from the file). */
export function manifestParts(manifest: GuestManifest): GuestPart[] {
  const order: GuestPart[] = ['vmlinux', 'vmlinuz', 'initrd.img', 'rootfs.img'];
  return order.filter((name) => manifest.files[name] !== undefined);
}
