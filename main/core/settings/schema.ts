/**
 * The settings schema, built with the host's limits so that every message
 * names the field and what it accepts. Also the defaults for this host.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { NumericRange, Settings, SettingsLimits } from '../../../preload/contract';
import { DEFAULT_IGNORED_NAMES } from '../sharing/ignore-rules';

export const CURRENT_SETTINGS_VERSION = 1;

export interface HostFacts {
  cpus: number;
  memoryMiB: number;
  home: string;
}

export function hostFacts(): HostFacts {
  return { cpus: os.cpus().length || 1, memoryMiB: Math.floor(os.totalmem() / 2 ** 20), home: os.homedir() };
}

export function settingsLimits(host: HostFacts): SettingsLimits {
  return {
    cpus: { min: 1, max: Math.max(1, host.cpus) },
    // Leave the host at least 1 GiB; a Docker VM below 512 MiB is not useful.
    memoryMiB: { min: 512, max: Math.max(512, host.memoryMiB - 1024) },
    diskGiB: { min: 8, max: 2048 },
  };
}

export function defaultSettings(host: HostFacts): Settings {
  const limits = settingsLimits(host);
  return {
    version: CURRENT_SETTINGS_VERSION,
    backend: 'auto',
    accelerator: 'auto',
    guestImagePath: null,
    cpus: Math.min(2, limits.cpus.max),
    memoryMiB: clamp(Math.floor(host.memoryMiB / 4 / 256) * 256, limits.memoryMiB.min, Math.min(8192, limits.memoryMiB.max)),
    diskGiB: 64,
    // Docker Desktop shares the user's home the same way.
    shares: [{ hostPath: host.home, writable: true }],
    shareMechanism: 'auto',
    fileWatchIgnore: [...DEFAULT_IGNORED_NAMES],
    portBindPolicy: 'all-interfaces',
    startAtLogin: false,
    theme: 'system',
  };
}

function wholeNumber(field: string, range: NumericRange, unit = '') {
  const message = `${field} must be a whole number from ${range.min} to ${range.max}${unit}`;
  return z
    .number({ error: message })
    .int({ error: message })
    .min(range.min, { error: message })
    .max(range.max, { error: message });
}

function oneOf<T extends string>(field: string, values: readonly [T, ...T[]]) {
  return z.enum(values, { error: `${field} must be one of: ${values.join(', ')}` });
}

/** Fewer than the free slots on the VM's PCI root bus (26 with Berth's other devices). */
export const MAX_SHARES = 24;

const absolutePath = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export function settingsSchema(limits: SettingsLimits) {
  const share = z
    .object(
      {
        hostPath: z
          .string({ error: 'shares[].hostPath must be a string' })
          .regex(absolutePath, { error: 'shares[].hostPath must be an absolute path' })
          .transform(normalHostPath)
          // The VM needs its own /; main/core/sharing checks the rest (exists, nesting) at boot.
          .refine((hostPath) => hostPath !== '/', { error: 'shares[].hostPath cannot be the filesystem root /; share a folder such as your home' }),
        writable: z.boolean({ error: 'shares[].writable must be true or false' }),
      },
      { error: 'each share must look like {"hostPath": "/abs/path", "writable": true}' },
    )
    .strict();
  return z
    .object({
      version: z.literal(CURRENT_SETTINGS_VERSION),
      backend: oneOf('backend', ['auto', 'native', 'qemu']),
      accelerator: oneOf('accelerator', ['auto', 'kvm', 'hvf', 'whpx', 'tcg']),
      guestImagePath: z
        .string({ error: 'guestImagePath must be an absolute path or null' })
        .regex(absolutePath, { error: 'guestImagePath must be an absolute path or null' })
        .nullable(),
      cpus: wholeNumber('cpus', limits.cpus),
      memoryMiB: wholeNumber('memoryMiB', limits.memoryMiB, ' MiB'),
      diskGiB: wholeNumber('diskGiB', limits.diskGiB, ' GiB'),
      shares: z
        .array(share, { error: 'shares must be a list of {"hostPath", "writable"}' })
        // Each share is a PCI device in the VM, and QEMU's root bus has room for about 26 of them.
        .max(MAX_SHARES, { error: `shares may list at most ${MAX_SHARES} folders (each is a device in the VM); share a folder that holds several instead` })
        .refine((list) => new Set(list.map((s) => s.hostPath)).size === list.length, {
          error: 'shares must not list the same hostPath twice',
        }),
      shareMechanism: oneOf('shareMechanism', ['auto', 'virtiofs', '9p']),
      fileWatchIgnore: z
        .array(
          z
            .string({ error: 'fileWatchIgnore entries must be strings' })
            .regex(/^[^/\0]{1,255}$/, { error: 'fileWatchIgnore entries must be file or folder names (no /), e.g. "node_modules"' }),
          { error: 'fileWatchIgnore must be a list of names, e.g. ["node_modules", ".git"]' },
        )
        .max(100, { error: 'fileWatchIgnore may list at most 100 names' }),
      portBindPolicy: oneOf('portBindPolicy', ['all-interfaces', 'localhost']),
      startAtLogin: z.boolean({ error: 'startAtLogin must be true or false' }),
      theme: oneOf('theme', ['system', 'light', 'dark']),
    })
    .strict();
}

/**
 * A POSIX share path in its one normal form (duplicate slashes collapsed, "."
 * and ".." resolved, no trailing slash), so "/tmp/a/" and "/tmp//a" are seen
 * as the /tmp/a they are: by the duplicate check here and by the VM's mounts.
 * Windows paths (C:\..., \\server\...) are kept as given.
 */
/**
 * For a settings file written before paths were normalised: the same folder
 * listed twice (`/a` and `/a/`) is merged (the first entry kept) rather than
 * failing the whole list, which would replace it with the default.
 */
export function mergeDuplicateShares(value: unknown): { value: unknown; merged: string[] } {
  if (!Array.isArray(value)) return { value, merged: [] };
  const seen = new Set<string>();
  const merged: string[] = [];
  const kept = value.filter((share: unknown) => {
    const hostPath = (share as { hostPath?: unknown } | null)?.hostPath;
    if (typeof hostPath !== 'string') return true;
    const normal = normalHostPath(hostPath);
    if (!seen.has(normal)) return seen.add(normal), true;
    merged.push(hostPath);
    return false;
  });
  return { value: kept, merged };
}

export function normalHostPath(hostPath: string): string {
  if (!hostPath.startsWith('/')) return hostPath;
  const normal = path.posix.normalize(hostPath);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
