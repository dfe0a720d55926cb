/**
 * The method map: each channel `domain:verb` with the zod schema of its input
 * (checked by every transport before a handler runs) and, in MethodOutputs,
 * the type of its answer. test/unit/contract.test.ts keeps the two in step.
 */
import { z } from 'zod';
import type {
  ContainerInspect,
  ContainerSummary,
  EngineInfo,
  EngineStatus,
  ImageSummary,
  VolumeSummary,
} from './dto';
import type { MethodName } from './names';
import type { PortsStatus } from './ports';
import type { SharesReport } from './shares';
import type { SettingsSnapshot, SettingsUpdateResult } from './settings';

const none = z.object({}).strict();

/** A container id (full or short) or name, as the docker CLI accepts. */
const containerRef = z
  .string()
  .regex(/^\/?[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a container id or name');
const container = z.object({ id: containerRef }).strict();

// The id goes into the engine's URL path: no `..` segments, no empty ones.
const imageRef = z
  .string()
  .min(1, 'must be an image id or reference')
  .max(512)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/, 'must be an image id or reference')
  .refine((ref) => !ref.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'), {
    message: 'must be an image id or reference',
  });

const volumeName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a volume name: letters, digits, _ . -');

export const methodInputs = {
  'engine:get-status': none,
  'engine:get-info': none,
  'engine:start': none,
  'engine:stop': none,
  'engine:restart': none,
  'engine:pause': none,
  'engine:resume': none,
  // VM resources are sampled only while someone watches: every 2 s, to this session.
  'engine:watch-resources': none,
  'engine:unwatch-resources': z.object({ subscriptionId: z.string().min(1) }).strict(),

  'containers:list': z.object({ all: z.boolean().default(true) }).strict(),
  'containers:inspect': container,
  'containers:start': container,
  'containers:stop': container.extend({ timeoutSeconds: z.number().int().min(0).max(3600).optional() }),
  'containers:restart': container.extend({ timeoutSeconds: z.number().int().min(0).max(3600).optional() }),
  'containers:pause': container,
  'containers:unpause': container,
  'containers:kill': container.extend({
    signal: z.string().regex(/^(SIG)?[A-Z0-9+-]+$/, 'must be a signal name such as SIGTERM').optional(),
  }),
  'containers:remove': container.extend({
    force: z.boolean().default(false),
    volumes: z.boolean().default(false),
  }),

  'logs:subscribe': z
    .object({
      id: containerRef,
      tail: z.union([z.number().int().min(0).max(100_000), z.literal('all')]).default(500),
      follow: z.boolean().default(true),
      timestamps: z.boolean().default(false),
    })
    .strict(),
  'logs:unsubscribe': z.object({ subscriptionId: z.string().min(1) }).strict(),

  'ports:list': none,
  'shares:list': none,

  'images:list': none,
  'images:remove': z.object({ id: imageRef, force: z.boolean().default(false) }).strict(),

  'volumes:list': none,
  'volumes:create': z
    .object({
      name: volumeName.optional(),
      driver: z.string().min(1).default('local'),
      labels: z.record(z.string(), z.string()).default({}),
    })
    .strict(),
  'volumes:remove': z.object({ name: volumeName, force: z.boolean().default(false) }).strict(),

  'settings:get': none,
  // Fields are checked by the settings store against the host's limits, so the
  // message can name the field and its allowed range.
  // Keys must be plain names, checked on the raw object: zod would silently drop `__proto__`.
  'settings:update': z
    .object({
      patch: z
        .custom<Record<string, unknown>>(
          (value) =>
            typeof value === 'object' &&
            value !== null &&
            !Array.isArray(value) &&
            Object.keys(value).every((key) => /^[A-Za-z][A-Za-z0-9]*$/.test(key)),
          { message: 'must be an object whose keys are setting names' },
        )
        .pipe(z.record(z.string(), z.unknown())),
    })
    .strict(),
} as const satisfies Record<MethodName, z.ZodType>;

export interface LogSubscription {
  subscriptionId: string;
  /** A TTY container's output is one stream, already merged. */
  tty: boolean;
}

export interface MethodOutputs {
  'engine:get-status': EngineStatus;
  'engine:get-info': EngineInfo;
  'engine:start': EngineStatus;
  'engine:stop': EngineStatus;
  'engine:restart': EngineStatus;
  'engine:pause': EngineStatus;
  'engine:resume': EngineStatus;
  'engine:watch-resources': { subscriptionId: string };
  'engine:unwatch-resources': void;

  'containers:list': ContainerSummary[];
  'containers:inspect': ContainerInspect;
  'containers:start': void;
  'containers:stop': void;
  'containers:restart': void;
  'containers:pause': void;
  'containers:unpause': void;
  'containers:kill': void;
  'containers:remove': void;

  'logs:subscribe': LogSubscription;
  'logs:unsubscribe': void;

  'ports:list': PortsStatus;
  'shares:list': SharesReport;

  'images:list': ImageSummary[];
  'images:remove': void;

  'volumes:list': VolumeSummary[];
  'volumes:create': VolumeSummary;
  'volumes:remove': void;

  'settings:get': SettingsSnapshot;
  'settings:update': SettingsUpdateResult;
}

export { METHOD_NAMES, isMethodName, type MethodName } from './names';
/** What a caller may send (defaults may be left out). */
export type MethodInput<M extends MethodName> = z.input<(typeof methodInputs)[M]>;
/** What a handler receives, after validation and defaults. */
export type MethodParams<M extends MethodName> = z.output<(typeof methodInputs)[M]>;
export type MethodOutput<M extends MethodName> = MethodOutputs[M];
