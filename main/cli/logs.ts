/**
 * `berth logs`: one log subscription printed to stdout and stderr. Events
 * that arrive before the subscribe answer (over the socket, the answer and
 * the end of a short log can come in one read) are kept until the
 * subscription id is known; a full stdout pauses reading from Berth.
 */
import type { BerthApi, LogLine, Unsubscribe } from '../../preload/contract';

/** What the command writes to: process.stdout / process.stderr, or a test's stand-ins. */
export interface Output {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** The connection's flow control: see Connection in connect.ts. */
export interface Link {
  pause(): void;
  resume(): void;
  onClose(listener: () => void): Unsubscribe;
}

export interface LogsRequest {
  id: string;
  tail: number | 'all';
  follow: boolean;
  timestamps: boolean;
  json: boolean;
}

export interface LogsIo {
  stdout: Output;
  stderr: Output;
  /** Resolves when the user interrupts (Ctrl-C): a normal way to stop following. */
  interrupted: Promise<void>;
}

export const LOST_CONNECTION = 'lost the connection to Berth';

type Early = { id: string; lines: LogLine[] } | { id: string; end: string | null };

/** Prints the logs; resolves to the exit code. */
export async function printLogs(api: Pick<BerthApi, 'call' | 'on'>, link: Link, request: LogsRequest, io: LogsIo): Promise<number> {
  const blocked = new Set<Output>();
  const emit = (output: Output, text: string): void => {
    if (output.write(text) || blocked.has(output)) return;
    // The reader is behind: stop reading from Berth so that it sees the congestion too.
    if (blocked.size === 0) link.pause();
    blocked.add(output);
    output.once('drain', () => {
      blocked.delete(output);
      if (blocked.size === 0) link.resume();
    });
  };
  const print = (lines: LogLine[]): void => {
    for (const line of lines) {
      if (request.json) emit(io.stdout, `${JSON.stringify(line)}\n`);
      else emit(line.stream === 'stderr' ? io.stderr : io.stdout, `${line.timestamp ? `${line.timestamp} ` : ''}${line.text}\n`);
    }
  };

  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const end = (reason: string | null): void => {
    // The stream ended on its own (the log was read, or a followed container stopped): nothing to say.
    if (reason === null) return finish(0);
    io.stderr.write(`berth: ${reason}\n`);
    finish(1);
  };

  let subscriptionId: string | null = null;
  let early: Early[] = [];
  const offs: Unsubscribe[] = [
    api.on('logs:lines-received', (e) => {
      if (subscriptionId === null) early.push({ id: e.subscriptionId, lines: e.lines });
      else if (e.subscriptionId === subscriptionId) print(e.lines);
    }),
    api.on('logs:stream-ended', (e) => {
      if (subscriptionId === null) early.push({ id: e.subscriptionId, end: e.reason });
      else if (e.subscriptionId === subscriptionId) end(e.reason);
    }),
  ];
  try {
    const subscription = await api.call('logs:subscribe', {
      id: request.id,
      tail: request.tail,
      follow: request.follow,
      timestamps: request.timestamps,
    });
    subscriptionId = subscription.subscriptionId;
    for (const e of early) {
      if (e.id !== subscriptionId) continue;
      if ('lines' in e) print(e.lines);
      else end(e.end);
    }
    early = [];
    // Installed only now: a connection lost before the answer fails the call itself.
    offs.push(
      link.onClose(() => {
        io.stderr.write(`berth: ${LOST_CONNECTION}\n`);
        finish(1);
      }),
    );
    return await Promise.race([finished, io.interrupted.then(() => 0)]);
  } finally {
    for (const off of offs) off();
  }
}
