/** What every client of the contract looks like, whatever carries it. */
import type { EventName, EventPayloads } from './events';
import type { MethodInput, MethodName, MethodOutput } from './methods';

export type Unsubscribe = () => void;

export interface BerthApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe;
}

/**
 * What preload exposes as `window.berth`. It hands back the raw reply
 * envelope, because errors thrown across contextBridge lose their code;
 * renderer/src/api turns it into a BerthApi.
 */
export interface PreloadBridge {
  invoke(method: MethodName, input: unknown): Promise<import('./wire').Reply>;
  on(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
  /**
   * The path on disk of a File the user picked in an <input type="file">
   * ('' for one that is not on disk), so a big file is read by main from disk
   * rather than copied through the page (images:load-file).
   */
  pathForFile?(file: unknown): string;
}
