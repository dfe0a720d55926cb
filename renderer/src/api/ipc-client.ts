/** Electron: wraps the preload bridge (window.berth) into a BerthApi. */
import type { BerthApi, PreloadBridge } from '../../../preload/contract/client';
import type { EventPayloads } from '../../../preload/contract/events';
import { fromWireError } from '../../../preload/contract/errors';
import type { MethodOutput } from '../../../preload/contract/methods';

export function createIpcClient(bridge: PreloadBridge): BerthApi {
  return {
    async call(method, input) {
      const reply = await bridge.invoke(method, input);
      if (!reply.ok) throw fromWireError(reply.error);
      return reply.value as MethodOutput<typeof method>;
    },
    on(event, listener) {
      return bridge.on(event, (payload) => listener(payload as EventPayloads[typeof event]));
    },
  };
}
