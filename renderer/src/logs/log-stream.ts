/**
 * One log subscription: listens before it subscribes (lines may arrive
 * before the answer), keeps only its own lines, and unsubscribes on stop —
 * also when stop comes before the subscription answer did. No DOM.
 */
import type { BerthApi } from '../../../preload/contract/client';
import type { LogLine } from '../../../preload/contract/dto';
import type { BerthError } from '../../../preload/contract/errors';
import { unpackLogLines } from '../../../preload/contract/log-pack';
import { toBerthError } from '../stores/list-store';

export interface LogStreamOptions {
  id: string;
  timestamps: boolean;
  tail?: number;
  onLines(lines: LogLine[]): void;
  onEnd(reason: string | null): void;
  onError(error: BerthError): void;
  onReady?(info: { tty: boolean }): void;
}

const EARLY_LIMIT = 10_000;

export class LogStream {
  private subscriptionId: string | null = null;
  private stopped = false;
  private early: { id: string; lines?: LogLine[]; end?: string | null }[] = [];
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly api: BerthApi,
    private readonly options: LogStreamOptions,
  ) {}

  async start(): Promise<void> {
    this.offs.push(
      this.api.on('logs:lines-received', ({ subscriptionId, lines, packed }) => {
        if (this.subscriptionId !== null && subscriptionId !== this.subscriptionId) return;
        // Once the subscription is known, other views' lines are skipped before they are unpacked.
        const mine = packed ? unpackLogLines(packed) : lines;
        if (this.subscriptionId === null) this.keepEarly({ id: subscriptionId, lines: mine });
        else this.options.onLines(mine);
      }),
      this.api.on('logs:stream-ended', ({ subscriptionId, reason }) => {
        if (this.subscriptionId === null) this.keepEarly({ id: subscriptionId, end: reason });
        else if (subscriptionId === this.subscriptionId) this.options.onEnd(reason);
      }),
    );
    try {
      const { id, timestamps, tail = 500 } = this.options;
      // Packed: a fast container's lines cost far less to send and to read (log-pack.ts).
      const sub = await this.api.call('logs:subscribe', { id, tail, follow: true, timestamps, packed: true });
      if (this.stopped) {
        void this.api.call('logs:unsubscribe', { subscriptionId: sub.subscriptionId }).catch(() => {});
        return;
      }
      this.subscriptionId = sub.subscriptionId;
      this.options.onReady?.({ tty: sub.tty });
      const early = this.early;
      this.early = [];
      for (const e of early) {
        if (e.id !== sub.subscriptionId) continue;
        if (e.lines) this.options.onLines(e.lines);
        else this.options.onEnd(e.end ?? null);
      }
    } catch (error) {
      this.early = [];
      if (!this.stopped) this.options.onError(toBerthError(error));
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const off of this.offs) off();
    this.early = [];
    if (this.subscriptionId) {
      void this.api.call('logs:unsubscribe', { subscriptionId: this.subscriptionId }).catch(() => {});
    }
  }

  private keepEarly(entry: { id: string; lines?: LogLine[]; end?: string | null }): void {
    if (this.early.length < EARLY_LIMIT) this.early.push(entry);
  }
}
