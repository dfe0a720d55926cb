/**
 * One terminal session as the renderer holds it: listens before it opens
 * (output may arrive before the answer), keeps only its own events, sends
 * keystrokes and sizes, and closes on stop — also when stop comes before the
 * open answered. No DOM.
 */
import type { BerthApi } from '../../../preload/contract/client';
import type { BerthError } from '../../../preload/contract/errors';
import type { TerminalEndedEvent, TerminalKind, TerminalOpened } from '../../../preload/contract/terminals';
import { toBerthError } from '../stores/list-store';

export interface TerminalTarget {
  kind: TerminalKind;
  containerId?: string;
  shell?: string;
}

export interface TerminalCallbacks {
  onOpened(opened: TerminalOpened): void;
  onData(data: string): void;
  onEnded(ended: TerminalEndedEvent): void;
  onError(error: BerthError): void;
}

const EARLY_LIMIT = 10_000;
/** Larger pastes go in several calls (the contract takes at most 1,000,000 characters per call). */
const INPUT_CHUNK = 100_000;

export class TerminalConnection {
  private sessionId: string | null = null;
  private stopped = false;
  private ended = false;
  private early: ({ id: string; data: string } | { id: string; ended: TerminalEndedEvent })[] = [];
  private readonly offs: (() => void)[] = [];
  private size: { cols: number; rows: number } | null = null;
  private sentSize: { cols: number; rows: number } | null = null;
  /** Input is sent in order: each call waits for the one before. */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly api: BerthApi,
    private readonly target: TerminalTarget,
    private readonly callbacks: TerminalCallbacks,
  ) {}

  get isOpen(): boolean {
    return this.sessionId !== null && !this.ended && !this.stopped;
  }

  async start(cols: number, rows: number): Promise<void> {
    this.size = { cols, rows };
    this.offs.push(
      this.api.on('terminals:data-received', ({ sessionId, data }) => {
        if (this.sessionId === null) this.keepEarly({ id: sessionId, data });
        else if (sessionId === this.sessionId) this.callbacks.onData(data);
      }),
      this.api.on('terminals:session-ended', (ended) => {
        if (this.sessionId === null) this.keepEarly({ id: ended.sessionId, ended });
        else if (ended.sessionId === this.sessionId) this.end(ended);
      }),
    );
    try {
      const opened = await this.api.call('terminals:open', { ...this.target, cols, rows });
      if (this.stopped) {
        void this.api.call('terminals:close', { sessionId: opened.sessionId }).catch(() => undefined);
        return;
      }
      this.sessionId = opened.sessionId;
      this.sentSize = { cols, rows };
      this.callbacks.onOpened(opened);
      const early = this.early;
      this.early = [];
      for (const entry of early) {
        if (entry.id !== opened.sessionId) continue;
        if ('data' in entry) this.callbacks.onData(entry.data);
        else this.end(entry.ended);
      }
      // The view may have changed size while the open was on its way.
      if (this.size) this.resize(this.size.cols, this.size.rows);
    } catch (error) {
      this.early = [];
      if (!this.stopped) this.callbacks.onError(toBerthError(error));
    }
  }

  input(data: string): void {
    if (!this.isOpen) return;
    const sessionId = this.sessionId!;
    for (let at = 0; at < data.length; at += INPUT_CHUNK) {
      const chunk = data.slice(at, at + INPUT_CHUNK);
      this.sending = this.sending.then(() =>
        this.api.call('terminals:input', { sessionId, data: chunk }).catch((error: unknown) => {
          if (this.isOpen) this.callbacks.onError(toBerthError(error));
        }),
      );
    }
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    if (!this.isOpen) return;
    if (this.sentSize?.cols === cols && this.sentSize.rows === rows) return;
    this.sentSize = { cols, rows };
    void this.api.call('terminals:resize', { sessionId: this.sessionId!, cols, rows }).catch(() => undefined);
  }

  /** Ends the session (its process goes with it) and stops listening. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const off of this.offs) off();
    this.early = [];
    if (this.sessionId && !this.ended) {
      void this.api.call('terminals:close', { sessionId: this.sessionId }).catch(() => undefined);
    }
  }

  private end(ended: TerminalEndedEvent): void {
    if (this.ended) return;
    this.ended = true;
    this.callbacks.onEnded(ended);
  }

  private keepEarly(entry: { id: string; data: string } | { id: string; ended: TerminalEndedEvent }): void {
    if (this.early.length < EARLY_LIMIT) this.early.push(entry);
  }
}
