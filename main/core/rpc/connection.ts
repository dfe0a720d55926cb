/**
 * One client on a message stream (a web socket or the control socket): calls
 * in, replies and events out, in the wire format of preload/contract/wire.ts.
 * Closing the connection closes its session and everything it opened.
 * `options.congested` tells the session when the transport is behind (see
 * session.ts), so stream producers hold back instead of filling its buffer.
 */
import type { CallMessage, ServerMessage } from '../../../preload/contract';
import type { Berth } from '../berth';
import type { SessionOptions } from './session';

export interface RpcConnection {
  receive(message: unknown): void;
  close(): Promise<void>;
}

export function openRpcConnection(
  berth: Berth,
  send: (message: ServerMessage) => void,
  options: SessionOptions = {},
): RpcConnection {
  const session = berth.openSession((event, payload) => send({ t: 'event', event, payload }), options);
  const stopBroadcast = berth.bus.onAny((event, payload) => {
    if (!session.isClosed) send({ t: 'event', event, payload });
  });
  return {
    receive(message) {
      if (!isCall(message)) return;
      void berth.dispatch(message.method, message.input, session).then((reply) => {
        if (!session.isClosed) send({ t: 'reply', id: message.id, ...reply });
      });
    },
    async close() {
      stopBroadcast();
      await session.close();
    },
  };
}

function isCall(message: unknown): message is CallMessage {
  const m = message as Partial<CallMessage> | null;
  return !!m && m.t === 'call' && typeof m.id === 'number' && typeof m.method === 'string';
}
