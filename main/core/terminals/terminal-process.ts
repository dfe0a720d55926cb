/**
 * One interactive process behind a terminal session, whatever carries it:
 * docker exec, a container attach, an SSH shell in the VM, a host pty.
 */

export interface TerminalExit {
  /** The process's exit code; null when it is not known. */
  exitCode: number | null;
  reason: string;
}

export interface TerminalHandlers {
  /** Output: bytes (decoded by the session) or text already decoded (node-pty). */
  data(chunk: Buffer | string): void;
  /** Called at most once, when the process ended on its own or its carrier went away. */
  exit(exit: TerminalExit): void;
}

export interface TerminalProcess {
  /** For a tab title: "sh in web-1", "VM shell". */
  readonly title: string;
  /** Starts delivering output; called once, after the client knows the session id. */
  start(handlers: TerminalHandlers): void;
  write(data: string): void;
  resize(cols: number, rows: number): Promise<void>;
  /** Stops reading output (the client is behind) until resume(). */
  pause(): void;
  resume(): void;
  /** Ends the process and whatever it started, and resolves once that is done. */
  close(): Promise<void>;
}

/** How a process ended, in words: "exited with code 0". */
export function describeExit(exitCode: number | null, signal?: string | number | null): string {
  if (signal !== undefined && signal !== null && signal !== 0 && signal !== '') return `ended by signal ${signal}`;
  return exitCode === null ? 'ended' : `exited with code ${exitCode}`;
}
