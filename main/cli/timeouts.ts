/**
 * How long the CLI waits for Berth to answer a call, so that a frozen host
 * (or whatever else listens on the control socket) cannot hang it forever.
 * Once a log stream is subscribed, the stream itself has no deadline.
 */
import {
  BerthError,
  describeTimeout,
  type BerthApi,
  type MethodName,
  type StreamClient,
  type StreamClientOptions,
} from '../../preload/contract';
import { UsageError } from './args';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Calls that legitimately take long: a VM boot under emulation can take minutes. */
export const METHOD_TIMEOUTS_MS: Partial<Record<MethodName, number>> = {
  'engine:start': 15 * 60_000,
  'engine:restart': 15 * 60_000,
  // A VM gets 15 s to shut down cleanly before it is killed, then its sockets are cleaned up.
  'engine:stop': 2 * 60_000,
};

export function timeoutMessage(method: MethodName, timeoutMs: number): string {
  return `${describeTimeout(method, timeoutMs)} (is it stuck? \`berth status\` or restart it)`;
}

/** The CLI's timeouts; $BERTH_TIMEOUT (whole seconds, 0 = none) replaces the 30 s default. */
export function cliTimeouts(env: NodeJS.ProcessEnv = process.env): StreamClientOptions {
  const text = env.BERTH_TIMEOUT;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (text !== undefined && text !== '') {
    if (!/^\d+$/.test(text)) throw new UsageError(`BERTH_TIMEOUT must be a whole number of seconds (got ${JSON.stringify(text)})`);
    timeoutMs = Number(text) * 1000;
  }
  return { timeoutMs, methodTimeoutsMs: METHOD_TIMEOUTS_MS, timeoutMessage };
}

/** `api` with the CLI's deadlines on every call (for the in-process client; the socket client has its own). */
export function withCallTimeouts(api: BerthApi, options: StreamClientOptions = cliTimeouts()): Pick<StreamClient, 'call' | 'on'> {
  return {
    on: api.on,
    call(method, input, callOptions) {
      const timeoutMs = callOptions?.timeoutMs ?? options.methodTimeoutsMs?.[method] ?? options.timeoutMs ?? 0;
      const answer = api.call(method, input);
      if (timeoutMs <= 0) return answer;
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const message = (options.timeoutMessage ?? describeTimeout)(method, timeoutMs);
          reject(new BerthError('timeout', message, { method, timeoutMs }));
        }, timeoutMs);
      });
      return Promise.race([answer, expired]).finally(() => clearTimeout(timer));
    },
  };
}
