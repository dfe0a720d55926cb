/** The guest image's manifest.json, as assets/vm/build-image.sh writes it. */
import { z } from 'zod';

const part = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() });

export const manifestSchema = z.object({
  name: z.literal('berth-guest'),
  version: z.string().min(1),
  key: z.string().min(1),
  kernel: z.string(),
  docker: z.string(),
  files: z.object({ vmlinuz: part, 'initrd.img': part, 'rootfs.img': part }),
});

export type GuestManifest = z.infer<typeof manifestSchema>;
export type GuestPart = keyof GuestManifest['files'];
export const GUEST_PARTS: GuestPart[] = ['vmlinuz', 'initrd.img', 'rootfs.img'];
