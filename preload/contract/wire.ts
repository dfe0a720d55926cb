/**
 * Messages on the stream transports (WebSocket and the local control socket).
 * Electron IPC carries the same `Reply` envelope for answers.
 */
import type { WireError } from './errors';
import type { EventName, EventPayloads } from './events';

export interface CallMessage {
  t: 'call';
  id: number;
  method: string;
  input: unknown;
}

export type Reply = { ok: true; value: unknown } | { ok: false; error: WireError };

export type ReplyMessage = { t: 'reply'; id: number } & Reply;

export interface EventMessage<E extends EventName = EventName> {
  t: 'event';
  event: E;
  payload: EventPayloads[E];
}

export type ServerMessage = ReplyMessage | EventMessage;
