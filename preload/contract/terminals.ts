/**
 * Terminals: a shell in a container (docker exec with a TTY), an attach to a
 * container's own TTY, a shell in Berth's VM, and a shell on this host with
 * DOCKER_HOST set. Each is a session of the client that opened it: its data
 * comes as stream events to that client only, and it ends with that client.
 */

export type TerminalKind = 'container' | 'attach' | 'vm' | 'host';

export const TERMINAL_KINDS = ['container', 'attach', 'vm', 'host'] as const satisfies readonly TerminalKind[];

export interface TerminalOpened {
  sessionId: string;
  /** What runs, for a tab title: "sh in web-1", "VM shell", "bash (host)". */
  title: string;
}

export interface TerminalDataEvent {
  sessionId: string;
  /** Terminal output as text (UTF-8 decoded, escape sequences kept), batched. */
  data: string;
}

export interface TerminalEndedEvent {
  sessionId: string;
  /** The process's exit code; null when it is not known (detached, closed, lost). */
  exitCode: number | null;
  /** Why it ended, in words a user can read. */
  reason: string;
}
