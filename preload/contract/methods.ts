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
import type { ImageDetail, ImageLoadResult, ImagePruneResult } from './images';
import { imageReference, runSpecSchema } from './images-inputs';
import type { MethodName } from './names';
import type { NetworkSummary } from './networks';
import * as netIn from './networks-inputs';
import type { VolumePruneResult, VolumeSaved, VolumeTree, VolumeUser } from './volumes-browse';
import type { PortsStatus } from './ports';
import type { SharesReport } from './shares';
import type { StatsSubscription } from './stats';
import type { SettingsSnapshot, SettingsUpdateResult } from './settings';
import type { TerminalOpened } from './terminals';
import type { DiagnosticsBundle, LogExcerpt, ResetPlan, ResetResult, SavedBundle } from './troubleshoot';
import { troubleshootFactoryResetSchema, troubleshootGetLogSchema, troubleshootSaveBundleSchema } from './troubleshoot-inputs';
import { terminalCloseSchema, terminalInputSchema, terminalOpenSchema, terminalResizeSchema } from './terminals-inputs';

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
      // Lines in the packed form (log-pack.ts): what a view that must keep up with a fast container asks for.
      packed: z.boolean().default(false),
    })
    .strict(),
  'logs:unsubscribe': z.object({ subscriptionId: z.string().min(1) }).strict(),
  // Samples stream (about one a second per container) only while a view watches; [] watches nothing.
  'stats:watch': z.object({ ids: z.array(containerRef).max(1000, 'watch at most 1000 containers at once') }).strict(),
  'stats:unwatch': z.object({ subscriptionId: z.string().min(1) }).strict(),

  'ports:list': none,
  'shares:list': none,

  'images:list': none,
  'images:remove': z.object({ id: imageRef, force: z.boolean().default(false) }).strict(),
  // Progress streams to this session as images:pull-progress-received, then images:pull-ended.
  'images:pull': z.object({ reference: imageReference }).strict(),
  'images:cancel-pull': z.object({ subscriptionId: z.string().min(1) }).strict(),
  // A `docker save` archive already on this machine (Electron's file picker gives the path).
  'images:load-file': z.object({ path: z.string().regex(/^(\/|[A-Za-z]:[\\/])/, 'must be an absolute path to a .tar file') }).strict(),
  'images:inspect': z.object({ id: imageRef }).strict(),
  // all: every image no container uses; otherwise only dangling (untagged) ones.
  'images:prune': z.object({ all: z.boolean().default(false) }).strict(),
  'containers:run': runSpecSchema,

  'volumes:list': none,
  'volumes:create': z
    .object({
      name: volumeName.optional(),
      driver: z.string().min(1).default('local'),
      labels: z.record(z.string(), z.string()).default({}),
    })
    .strict(),
  'volumes:remove': z.object({ name: volumeName, force: z.boolean().default(false) }).strict(),
  'volumes:prune': netIn.volumePruneInput,
  'volumes:users': netIn.volumeRefInput,
  // A read-only listing through a short-lived, never-started helper container.
  'volumes:browse': netIn.volumeBrowseInput,
  // The desktop app's save dialog and file picker; a browser uses the web host's download/upload paths.
  'volumes:save-file': netIn.volumeSaveFileInput,
  'volumes:export-file': netIn.volumeRefInput,
  'volumes:import-file': netIn.volumeImportFileInput,

  'networks:list': none,
  'networks:create': netIn.networkCreateInput,
  'networks:remove': netIn.networkRefInput,
  'networks:connect': netIn.networkMemberInput,
  'networks:disconnect': netIn.networkDisconnectInput,

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

  'terminals:open': terminalOpenSchema,
  'terminals:input': terminalInputSchema,
  'terminals:resize': terminalResizeSchema,
  'terminals:close': terminalCloseSchema,

  'troubleshoot:get-log': troubleshootGetLogSchema,
  'troubleshoot:create-bundle': none,
  'troubleshoot:save-bundle': troubleshootSaveBundleSchema,
  'troubleshoot:get-reset-plan': none,
  'troubleshoot:factory-reset': troubleshootFactoryResetSchema,

  /** The web UI, served by the Berth that runs (`berth web` while `berth start`'s Berth runs). */
  'web:open': z
    .object({ port: z.number({ error: 'port must be a number' }).int().min(0).max(65535, { error: 'port must be from 0 to 65535' }).optional() })
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
  'stats:watch': StatsSubscription;
  'stats:unwatch': void;

  'ports:list': PortsStatus;
  'shares:list': SharesReport;

  'images:list': ImageSummary[];
  'images:remove': void;
  'images:pull': { subscriptionId: string };
  'images:cancel-pull': void;
  'images:load-file': ImageLoadResult;
  'images:inspect': ImageDetail;
  'images:prune': ImagePruneResult;
  'containers:run': { id: string };

  'volumes:list': VolumeSummary[];
  'volumes:create': VolumeSummary;
  'volumes:remove': void;
  'volumes:prune': VolumePruneResult;
  'volumes:users': VolumeUser[];
  'volumes:browse': VolumeTree;
  'volumes:save-file': VolumeSaved;
  'volumes:export-file': VolumeSaved;
  'volumes:import-file': void;

  'networks:list': NetworkSummary[];
  'networks:create': NetworkSummary;
  'networks:remove': void;
  'networks:connect': void;
  'networks:disconnect': void;

  'settings:get': SettingsSnapshot;
  'settings:update': SettingsUpdateResult;

  'terminals:open': TerminalOpened;
  'terminals:input': void;
  'terminals:resize': void;
  'terminals:close': void;

  'troubleshoot:get-log': LogExcerpt;
  'troubleshoot:create-bundle': DiagnosticsBundle;
  'troubleshoot:save-bundle': SavedBundle;
  'troubleshoot:get-reset-plan': ResetPlan;
  'troubleshoot:factory-reset': ResetResult;

  'web:open': WebUi;
}

/** Where the web UI answers: the URL carries the token this run of the web host checks. */
export interface WebUi {
  url: string;
  port: number;
  /** True when the Berth serving it is `berth start`'s background one, which ends once its engine is stopped. */
  endsWithEngine: boolean;
}

export { METHOD_NAMES, isMethodName, type MethodName } from './names';
/** What a caller may send (defaults may be left out). */
export type MethodInput<M extends MethodName> = z.input<(typeof methodInputs)[M]>;
/** What a handler receives, after validation and defaults. */
export type MethodParams<M extends MethodName> = z.output<(typeof methodInputs)[M]>;
export type MethodOutput<M extends MethodName> = MethodOutputs[M];
