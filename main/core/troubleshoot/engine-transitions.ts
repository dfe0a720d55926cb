/**
 * Puts the engine's state changes in Berth's own log (starting, running on
 * which host, stopped, failed and why), so a diagnostics bundle tells the
 * story of a failure, not only its last message. Progress steps within one
 * state are left out: they are many and the VM's console has them.
 */
import type { EngineStatus } from '../../../preload/contract';
import type { EventBus } from '../events';
import type { BerthLog } from './berth-log';

export function logEngineTransitions(bus: EventBus, log: BerthLog['record']): () => void {
  let last: string | null = null;
  return bus.on('engine:state-changed', (status: EngineStatus) => {
    const line = describe(status);
    if (line === last) return;
    last = line;
    log(line, status.state === 'error' ? 'error' : 'info');
  });
}

export function describe(status: EngineStatus): string {
  const backend = status.backend ? ` (${status.backend})` : '';
  switch (status.state) {
    case 'running':
      return `engine running${backend} at ${status.dockerHost ?? 'an unknown address'}${status.warnings.length ? `; warnings: ${status.warnings.join('; ')}` : ''}`;
    case 'error':
      return `engine failed${backend}: ${status.error ?? 'no reason given'}`;
    default:
      return `engine ${status.state}${backend}`;
  }
}
