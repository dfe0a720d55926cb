/** What list pages show when the engine is not running: the state and a way to start it. */
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
  const state = status?.state;
  if (state === 'starting' || state === 'stopping') {
    return (
      <div className="gate">
        <p>The engine is {state}…</p>
        {status?.progress && <ProgressBar fraction={status.progress.fraction} label={status.progress.message} />}
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
        disabled={busy !== null}
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
