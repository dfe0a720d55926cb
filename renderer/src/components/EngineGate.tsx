/** What list pages show when the engine is not running: the state and a way to start it. */
import { useOnline } from '../api/connection';
import { engineProgress } from '../lib/engine-view';
import { useEngine } from '../stores/engine';
import { runAction } from '../stores/toasts';
import { ProgressBar } from './ProgressBar';

export function engineIsUp(state: string | undefined): boolean {
  return state === 'running';
}

export function EngineNotRunning() {
  const status = useEngine((s) => s.status);
  const busy = useEngine((s) => s.busy);
  const command = useEngine((s) => s.command);
  const online = useOnline();
  const state = status?.state;
  const progress = engineProgress(status);
  if (progress) {
    return (
      <div className="gate">
        <p>The engine is {state}…</p>
        <ProgressBar fraction={progress.fraction} label={progress.label} />
      </div>
    );
  }
  return (
    <div className="gate" role="status">
      <p>{state === 'paused' ? 'The engine is paused.' : 'The Docker engine is not running.'}</p>
      {status?.error && <p className="error-text">{status.error}</p>}
      <button
        type="button"
        className="primary"
        disabled={!online || busy !== null}
        onClick={() =>
          void (state === 'paused'
            ? runAction('Resume engine', () => command('engine:resume'))
            : runAction('Start engine', () => command('engine:start')))
        }
      >
        {state === 'paused' ? 'Resume engine' : 'Start engine'}
      </button>
    </div>
  );
}
