/**
 * Streams the stats of the given containers while the component that asks is
 * mounted (the engine opens its stats streams only while someone watches),
 * and keeps their last few minutes. A changed set of ids renews the watch.
 */
import { useEffect, useState } from 'react';
import type { BerthError } from '../../../preload/contract/errors';
import { api } from '../api/client';
import { useConnection } from '../api/connection';
import { toBerthError } from '../stores/list-store';
import { StatsHistory } from './stats-history';

export interface StatsView {
  history: StatsHistory;
  /** Bumped with every batch of samples. */
  version: number;
  error: BerthError | null;
}

export function useContainerStats(ids: readonly string[], enabled = true): StatsView {
  const [history] = useState(() => new StatsHistory());
  const [version, setVersion] = useState(0);
  // Kept with the set of ids it was for, so a new set starts without the old error.
  const [failure, setFailure] = useState<{ key: string; error: BerthError } | null>(null);
  const generation = useConnection((s) => s.generation);
  const key = [...new Set(ids)].sort().join(',');

  useEffect(() => {
    const wanted = key === '' ? [] : key.split(',');
    history.keepOnly(new Set(wanted));
    if (!enabled || wanted.length === 0) return;
    let subscriptionId: string | null = null;
    let unmounted = false;
    const stopListening = api.on('stats:samples-received', (event) => {
      if (event.subscriptionId !== subscriptionId) return;
      history.add(event.samples);
      setVersion((v) => v + 1);
    });
    api.call('stats:watch', { ids: wanted }).then(
      (subscription) => {
        if (unmounted) void api.call('stats:unwatch', subscription).catch(() => undefined);
        else subscriptionId = subscription.subscriptionId;
      },
      (failure: unknown) => {
        if (!unmounted) setFailure({ key, error: toBerthError(failure) });
      },
    );
    return () => {
      unmounted = true;
      stopListening();
      if (subscriptionId) void api.call('stats:unwatch', { subscriptionId }).catch(() => undefined);
    };
  }, [history, key, enabled, generation]);

  return { history, version, error: failure?.key === key ? failure.error : null };
}
