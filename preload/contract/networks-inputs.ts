/** zod inputs of the networks:* and volumes-browse methods (methods.ts maps them to names). */
import { z } from 'zod';
import { gatewayProblem, NETWORK_DRIVERS, subnetProblem } from './networks';
import { volumePathProblem } from './volumes-browse';

/** A network id (full or short) or name; it goes into the engine's URL path. */
const networkRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a network id or name: letters, digits, _ . -');
const containerRef = z
  .string()
  .regex(/^\/?[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a container id or name');
const volumeName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a volume name: letters, digits, _ . -');

export const networkCreateInput = z
  .object({
    name: networkRef,
    driver: z.enum(NETWORK_DRIVERS).default('bridge'),
    subnet: z.string().trim().optional(),
    gateway: z.string().trim().optional(),
    internal: z.boolean().default(false),
  })
  .strict()
  .superRefine((input, ctx) => {
    const subnet = input.subnet || undefined;
    const subnetIssue = subnet === undefined ? null : subnetProblem(subnet);
    if (subnetIssue) ctx.addIssue({ code: 'custom', path: ['subnet'], message: subnetIssue });
    const gatewayIssue = input.gateway ? gatewayProblem(input.gateway, subnet) : null;
    if (gatewayIssue) ctx.addIssue({ code: 'custom', path: ['gateway'], message: gatewayIssue });
  });

export const networkRefInput = z.object({ id: networkRef }).strict();
export const networkMemberInput = z.object({ network: networkRef, container: containerRef }).strict();
export const networkDisconnectInput = networkMemberInput.extend({ force: z.boolean().default(false) }).strict();

export const volumeRefInput = z.object({ name: volumeName }).strict();
/** all: named volumes too (engines from API 1.42 prune only anonymous ones unless asked). */
export const volumePruneInput = z.object({ all: z.boolean().default(false) }).strict();
export const volumeBrowseInput = z
  .object({
    name: volumeName,
    path: z
      .string()
      .default('')
      .refine((p) => volumePathProblem(p) === null, { message: 'must be a path inside the volume, without ..' }),
  })
  .strict();

/** A file already on this machine (Electron's file picker gives the path). */
const absolutePath = z.string().regex(/^(\/|[A-Za-z]:[\\/])/, 'must be an absolute path to a .tar file');
export const volumeImportFileInput = z.object({ name: volumeName, path: absolutePath }).strict();
export const volumeSaveFileInput = z
  .object({
    name: volumeName,
    path: z.string().min(1, 'must be the path of a file inside the volume').refine((p) => volumePathProblem(p) === null, {
      message: 'must be a path inside the volume, without ..',
    }),
  })
  .strict();
