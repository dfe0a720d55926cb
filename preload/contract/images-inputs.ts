/** The zod schemas of the image and run inputs (methods.ts refers to them). */
import { z } from 'zod';

// The reference goes into the engine's URL: no `..` or empty path segments.
export const imageReference = z
  .string()
  .min(1, 'must be an image reference such as busybox:latest')
  .max(512)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/, 'must be an image reference such as busybox:latest')
  .refine((ref) => !ref.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'), {
    message: 'must be an image reference such as busybox:latest',
  });

const absolutePath = z.string().regex(/^\//, 'must be an absolute path, e.g. /data');
const port = z.number().int().min(1, 'ports run from 1 to 65535').max(65535, 'ports run from 1 to 65535');

export const runSpecSchema = z
  .object({
    image: imageReference,
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a container name: letters, digits, _ . - (not first)')
      .optional(),
    ports: z
      .array(
        z
          .object({
            hostIp: z.union([z.ipv4(), z.ipv6(), z.literal('')]).optional(),
            hostPort: port.nullable(),
            containerPort: port,
            protocol: z.enum(['tcp', 'udp']),
          })
          .strict(),
      )
      .max(256)
      .default([]),
    binds: z
      .array(z.object({ hostPath: absolutePath, containerPath: absolutePath, readOnly: z.boolean().default(false) }).strict())
      .max(256)
      .default([]),
    volumes: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a volume name: letters, digits, _ . -'),
            containerPath: absolutePath,
            readOnly: z.boolean().default(false),
          })
          .strict(),
      )
      .max(256)
      .default([]),
    env: z
      .array(
        z
          .object({ name: z.string().regex(/^[^=\0]+$/, 'must be a variable name without "="'), value: z.string().regex(/^[^\0]*$/) })
          .strict(),
      )
      .max(1024)
      .default([]),
    network: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a network name').optional(),
    restartPolicy: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).optional(),
    command: z.array(z.string().regex(/^[^\0]*$/)).max(1024).optional(),
  })
  .strict();
