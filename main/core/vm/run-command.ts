/**
 * Runs a short, read-only system command (sysctl, ps) and hands back its
 * output; a failure is an answer ("could not tell"), never an exception,
 * because every caller has a safe fallback.
 */
import { execFile } from 'node:child_process';

export type RunCommand = (command: string, args: string[]) => Promise<string | null>;

export const runForOutput: RunCommand = (command, args) =>
  new Promise((resolve) => {
    execFile(command, args, { timeout: 5_000, windowsHide: true }, (error, stdout) => resolve(error ? null : stdout));
  });
