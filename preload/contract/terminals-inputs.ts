/** The zod schemas of the terminal inputs (methods.ts refers to them). */
import { z } from 'zod';
import { TERMINAL_KINDS } from './terminals';

const size = (what: string) =>
  z.number().int().min(1, `${what} must be at least 1`).max(1000, `${what} must be at most 1000`);
const sessionId = z.string().min(1, 'must be the sessionId terminals:open answered').max(100);

// A path or a name on the container's PATH; no spaces or shell syntax, it is run as one word.
const shell = z
  .string()
  .max(256)
  .regex(/^[A-Za-z0-9_./+-]+$/, 'must be a shell such as /bin/bash or sh (a path or a name, no arguments)');

const containerRef = z
  .string()
  .regex(/^\/?[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a container id or name');

export const terminalOpenSchema = z
  .object({
    kind: z.enum(TERMINAL_KINDS),
    containerId: containerRef.optional(),
    shell: shell.optional(),
    cols: size('cols'),
    rows: size('rows'),
  })
  .strict()
  .refine((input) => (input.kind === 'container' || input.kind === 'attach') === (input.containerId !== undefined), {
    message: 'containerId is required for kind container or attach, and only for those',
    path: ['containerId'],
  });

export const terminalInputSchema = z
  .object({
    sessionId,
    // Keystrokes and pastes; a paste larger than this is cut by the client into several calls.
    data: z.string().max(1_000_000, 'must be at most 1,000,000 characters per call'),
  })
  .strict();

export const terminalResizeSchema = z.object({ sessionId, cols: size('cols'), rows: size('rows') }).strict();

export const terminalCloseSchema = z.object({ sessionId }).strict();
