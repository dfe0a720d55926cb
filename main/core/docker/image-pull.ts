/**
 * Pulls, one subscription each: progress goes to the session that asked (at
 * most every PROGRESS_INTERVAL_MS), then one `images:pull-ended`. Cancelling
 * aborts the HTTP request, which makes the engine stop the pull; a session
 * that closes cancels its pulls.
 */
import { randomUUID } from 'node:crypto';
import type Dockerode from 'dockerode';
import { BerthError } from '../../../preload/contract';
import type { Session } from '../rpc/session';
import { inEngineWords } from './engine-words';
import { readJsonLines } from './json-lines';
import { PullTracker, type PullMessage } from './pull-progress';

const PROGRESS_INTERVAL_MS = 100;

// Session keys are shared by everything a session owns; the prefix keeps
// images:cancel-pull from closing something that is not a pull.
const sessionKey = (subscriptionId: string): string => `images-pull:${subscriptionId}`;

export function startPull(docker: Dockerode, reference: string, session: Session): { subscriptionId: string } {
  const subscriptionId = randomUUID();
  const abort = new AbortController();
  const tracker = new PullTracker(reference);
  let ended = false;
  let cancelled = false;
  let timer: NodeJS.Timeout | null = null;

  const sendProgress = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    session.emit('images:pull-progress-received', { subscriptionId, progress: tracker.snapshot() });
  };
  const end = (error: string | null): void => {
    if (ended) return;
    ended = true;
    if (!cancelled) sendProgress();
    else if (timer) clearTimeout(timer);
    session.emit('images:pull-ended', { subscriptionId, error, cancelled });
    void session.release(sessionKey(subscriptionId));
  };

  session.own(sessionKey(subscriptionId), () => {
    if (ended) return;
    cancelled = true;
    abort.abort();
    end(null);
  });

  // Starts a turn after the caller has its subscription id, so no event arrives before it.
  setImmediate(() => {
    if (ended) return;
    void (async () => {
      try {
        const stream = (await docker.pull(reference, { abortSignal: abort.signal })) as NodeJS.ReadableStream;
        await readJsonLines(stream, (message) => {
          if (ended || !tracker.apply(message as PullMessage)) return;
          timer ??= setTimeout(sendProgress, PROGRESS_INTERVAL_MS);
        });
        end(tracker.error);
      } catch (error) {
        if (!cancelled) end(tracker.error ?? inEngineWords(error, `pull ${reference}`).message);
      }
    })();
  });
  return { subscriptionId };
}

export async function cancelPull(subscriptionId: string, session: Session): Promise<void> {
  if (!(await session.release(sessionKey(subscriptionId)))) {
    throw new BerthError('not-found', `No such pull: ${subscriptionId} (it may have finished already)`);
  }
}
