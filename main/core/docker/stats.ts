/**
 * Container stats, streamed only while someone watches. Each watched
 * container has one engine stream (GET /containers/{id}/stats?stream=1),
 * shared by every subscription that names it and closed with the last one.
 * A subscription hands on the newest sample of each of its containers in one
 * event per interval; a congested session simply gets the newest later.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { BerthError, type ContainerStats, type StatsSubscription } from '../../../preload/contract';
import type { Session } from '../rpc/session';
import { toBerthError } from './errors';
import { toContainerStats, type RawStats } from './stats-math';

type Listener = (sample: ContainerStats) => void;

interface Feed {
  listeners: Set<Listener>;
  close(): void;
}

const sessionKey = (subscriptionId: string): string => `stats:${subscriptionId}`;

/**
 * Ends a watch. Needs no engine: a watch outlives the engine it watched (its
 * streams ended with it), and the client must still be able to end it.
 */
export async function unwatchStats(subscriptionId: string, session: Session): Promise<void> {
  if (!(await session.release(sessionKey(subscriptionId)))) {
    throw new BerthError('not-found', `No stats subscription ${subscriptionId} in this session`);
  }
}

// One stats document is a few KB; a line far longer than that is not one.
const MAX_PENDING_CHARS = 4 * 2 ** 20;

export class StatsWatch {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly docker: Dockerode,
    private readonly intervalMs = 1_000,
  ) {}

  /** How many engine streams are open (for tests: none once nobody watches). */
  get openStreams(): number {
    return this.feeds.size;
  }

  async watch(ids: string[], session: Session): Promise<StatsSubscription> {
    const subscriptionId = randomUUID();
    const unique = [...new Set(ids)];
    const pending = new Map<string, ContainerStats>();
    const listener: Listener = (sample) => pending.set(sample.id, sample);
    const opened = await Promise.allSettled(unique.map((id) => this.acquire(id, listener)));
    const failed = opened.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    const release = (): void => {
      for (const id of unique) this.release(id, listener);
    };
    // One container asked for by name and missing: say so. Among many, a container that went meanwhile is not an error.
    if (unique.length === 1 && failed.length === 1) {
      release();
      throw failed[0] instanceof BerthError ? failed[0] : toBerthError(failed[0], `container ${unique[0]}`);
    }
    const timer = setInterval(() => {
      if (pending.size === 0 || session.isCongested) return;
      const samples = [...pending.values()];
      pending.clear();
      session.emit('stats:samples-received', { subscriptionId, samples });
    }, this.intervalMs);
    timer.unref();
    session.own(sessionKey(subscriptionId), () => {
      clearInterval(timer);
      release();
    });
    return { subscriptionId };
  }

  unwatch(subscriptionId: string, session: Session): Promise<void> {
    return unwatchStats(subscriptionId, session);
  }

  /** Closes every engine stream (the engine is going away). */
  dispose(): void {
    for (const feed of this.feeds.values()) feed.close();
    this.feeds.clear();
  }

  private async acquire(id: string, listener: Listener): Promise<void> {
    const existing = this.feeds.get(id);
    if (existing) {
      existing.listeners.add(listener);
      return;
    }
    // Registered before the stream opens, so a second watcher of the same container shares it.
    const feed: Feed = { listeners: new Set([listener]), close: () => undefined };
    this.feeds.set(id, feed);
    try {
      const stream = await this.open(id);
      if (this.feeds.get(id) !== feed || feed.listeners.size === 0) {
        stream.destroy();
        return;
      }
      feed.close = () => stream.destroy();
      this.read(id, stream, feed);
    } catch (error) {
      if (this.feeds.get(id) === feed) this.feeds.delete(id);
      throw error;
    }
  }

  private release(id: string, listener: Listener): void {
    const feed = this.feeds.get(id);
    if (!feed) return;
    feed.listeners.delete(listener);
    if (feed.listeners.size > 0) return;
    this.feeds.delete(id);
    feed.close();
  }

  // The engine writes one JSON document per line.
  private read(id: string, stream: Readable, feed: Feed): void {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      partial += chunk;
      let nl = partial.indexOf('\n');
      while (nl !== -1) {
        const line = partial.slice(0, nl).trim();
        partial = partial.slice(nl + 1);
        if (line !== '') this.deliver(id, line, feed);
        nl = partial.indexOf('\n');
      }
      if (partial.length > MAX_PENDING_CHARS) partial = '';
    });
    const ended = (): void => {
      // The container stopped or the engine went: a later watch opens a fresh stream.
      if (this.feeds.get(id) === feed) this.feeds.delete(id);
    };
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', ended);
  }

  private deliver(id: string, line: string, feed: Feed): void {
    let raw: RawStats;
    try {
      raw = JSON.parse(line) as RawStats;
    } catch {
      return; // not a stats document; the next line is
    }
    const sample = toContainerStats(id, raw, Date.now());
    for (const listener of feed.listeners) listener(sample);
  }

  private open(id: string): Promise<Readable> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: `/containers/${encodeURIComponent(id)}/stats?`,
          method: 'GET',
          isStream: true,
          statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
          options: { stream: true },
        },
        (error, result) =>
          error ? reject(toBerthError(error, `container ${id.slice(0, 12)}`)) : resolve(result as Readable),
      );
    });
  }
}
