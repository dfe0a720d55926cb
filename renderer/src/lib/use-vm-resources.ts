/**
 * The VM's own CPU, memory and disk use, streamed while the component that
 * asks is mounted (the engine samples only while someone watches).
 */
import { useEffect, useState } from 'react';
import type { VmResources } from '../../../preload/contract/dto';
import { api } from '../api/client';

export function useVmResources(enabled: boolean): VmResources | null {
  const [resources, setResources] = useState<VmResources | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let subscriptionId: string | null = null;
    let unmounted = false;
    const stopListening = api.on('engine:resources-received', (event) => {
      if (event.subscriptionId === subscriptionId) setResources(event.resources);
    });
    api.call('engine:watch-resources', {}).then(
      (subscription) => {
        if (unmounted) void api.call('engine:unwatch-resources', subscription).catch(() => undefined);
        else subscriptionId = subscription.subscriptionId;
      },
      () => undefined, // no VM to measure: the card simply shows no figures
    );
    return () => {
      unmounted = true;
      stopListening();
      if (subscriptionId) void api.call('engine:unwatch-resources', { subscriptionId }).catch(() => undefined);
      setResources(null);
    };
  }, [enabled]);
  return resources;
}
