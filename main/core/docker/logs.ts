/**
 * Log subscriptions: one engine stream per subscription, decoded into lines,
 * batched to the session that asked, and closed with that session. While the
 * session is congested (its client stopped reading) the engine stream is
 * paused, so the engine and the kernel hold the backlog, not this process.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { BerthError, packLogLines, type LogLine, type LogSubscription } from '../../../preload/contract';
import type { Session } from '../rpc/session';
import type { Containers } from './containers';
import { toBerthError } from './errors';
import { DEFAULT_BATCH_LIMITS, LogBatcher } from './log-batcher';
import { createLogDecoder } from './log-lines';

export interface LogsParams {
  id: string;
  tail: number | 'all';
  follow: boolean;
  timestamps: boolean;
  /** Send lines in the packed form (preload/contract/log-pack.ts). */
  packed?: boolean;
}

// Session keys are shared by everything a session owns; the prefix keeps
// logs:unsubscribe from closing something that is not a log stream.
const sessionKey = (subscriptionId: string): string => `logs:${subscriptionId}`;

export class Logs {
  constructor(
    private readonly docker: Dockerode,
    private readonly containers: Containers,
  ) {}

  async subscribe(params: LogsParams, session: Session): Promise<LogSubscription> {
    // Whether the stream is multiplexed depends on the container's TTY.
    const { id, tty } = await this.containers.inspect(params.id);
    const stream = await this.open(id, params);
    const subscriptionId = randomUUID();
    const decoder = createLogDecoder({ tty, timestamps: params.timestamps });
    const deliver = (lines: LogLine[]): void => {
      const packed = params.packed ? packLogLines(lines) : null;
      session.emit('logs:lines-received', packed ? { subscriptionId, lines: [], packed } : { subscriptionId, lines });
    };
    const batcher = new LogBatcher(
      deliver,
      DEFAULT_BATCH_LIMITS,
      {
        congested: () => session.isCongested,
        whenWritable: (signal) => session.whenWritable(signal),
        // A paused stream stops reading from the engine: the engine and the kernel keep the backlog.
        hold: (paused) => {
          if (paused) stream.pause();
          else stream.resume();
        },
      },
    );
    let closed = false;

    const finish = (reason: string | null): void => {
      if (closed) return;
      closed = true;
      try {
        batcher.add(decoder.end());
      } finally {
        // After every line, even those kept back for a congested session.
        batcher.end(() => session.emit('logs:stream-ended', { subscriptionId, reason }));
      }
    };

    stream.on('error', (error: Error) => finish(toBerthError(error, `logs of ${id.slice(0, 12)}`).message));
    // Lines start flowing a turn after the caller has the subscription id, so none arrive before it.
    setImmediate(() => {
      if (closed) return;
      stream.on('data', (chunk: Buffer) => {
        if (closed) return;
        try {
          batcher.add(decoder.push(chunk));
        } catch (error) {
          finish(error instanceof Error ? error.message : String(error));
          stream.destroy();
        }
      });
      stream.on('end', () => finish(null));
      stream.on('close', () => finish('the engine closed the log stream'));
    });

    session.own(sessionKey(subscriptionId), () => {
      // Closed by the client: it asked for silence, so nothing more is sent.
      closed = true;
      batcher.dispose();
      stream.destroy();
    });
    return { subscriptionId, tty };
  }

  async unsubscribe(subscriptionId: string, session: Session): Promise<void> {
    if (!(await session.release(sessionKey(subscriptionId)))) {
      throw new BerthError('not-found', `No such log subscription: ${subscriptionId}`);
    }
  }

  // dockerode's logs() parses a finished (non-follow) answer as JSON when it
  // can — a TTY log of "42" would come back as a number — so the stream is
  // asked for directly, the same way whether or not it follows.
  private open(id: string, params: LogsParams): Promise<Readable> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: `/containers/${id}/logs?`,
          method: 'GET',
          isStream: true,
          statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
          options: {
            follow: params.follow,
            stdout: true,
            stderr: true,
            timestamps: params.timestamps,
            tail: String(params.tail),
          },
        },
        (error, result) =>
          error ? reject(toBerthError(error, `container ${id.slice(0, 12)}`)) : resolve(result as Readable),
      );
    });
  }
}
