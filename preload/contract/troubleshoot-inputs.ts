/** The zod schemas of the troubleshoot inputs (methods.ts refers to them). */
import { z } from 'zod';
import { LOG_SOURCES } from './troubleshoot';

// Only names Berth gives its bundles: the name becomes a path under Berth's state folder.
const bundleFileName = z
  .string()
  .regex(/^berth-diagnostics-\d{8}-\d{6}(-\d{1,3})?\.tar\.gz$/, 'must be the fileName troubleshoot:create-bundle answered');

export const troubleshootGetLogSchema = z
  .object({
    source: z.enum(LOG_SOURCES, { error: `source must be one of: ${LOG_SOURCES.join(', ')}` }),
    lines: z.number().int().min(1, 'lines must be at least 1').max(10_000, 'lines must be at most 10000').default(500),
  })
  .strict();

export const troubleshootSaveBundleSchema = z.object({ fileName: bundleFileName }).strict();

// No default: the caller must choose, so nothing is erased by leaving a field out.
export const troubleshootFactoryResetSchema = z
  .object({ eraseData: z.boolean({ error: 'eraseData must be true (erase containers, images and volumes) or false (keep them)' }) })
  .strict();
