/** Pull by reference: an overall bar, one row per layer, Cancel; the engine's error shown as it said it. */
import { useEffect, useRef, useState } from 'react';
import type { PullLayer, PullProgress } from '../../../preload/contract/images';
import { useOnline } from '../api/connection';
import { ProgressBar } from '../components/ProgressBar';
import { followPull, type PullHandle } from '../images/pull-session';
import { formatBytes } from '../lib/format';
import { toBerthError } from '../stores/list-store';

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/;

const PAST = { done: 'Pulled', cancelled: 'Cancelled pulling', failed: 'Failed to pull' } as const;

type Outcome = { kind: 'done' | 'cancelled' } | { kind: 'failed'; message: string } | null;

function layerText(layer: PullLayer): string {
  if (layer.phase === 'downloading' && layer.totalBytes) return `${formatBytes(layer.downloadedBytes)} / ${formatBytes(layer.totalBytes)}`;
  if (layer.phase === 'extracting' && layer.totalBytes) return `${formatBytes(layer.extractedBytes)} / ${formatBytes(layer.totalBytes)}`;
  return layer.totalBytes ? formatBytes(layer.totalBytes) : '';
}

export function PullImage() {
  const [reference, setReference] = useState('');
  const [progress, setProgress] = useState<PullProgress | null>(null);
  const [pulling, setPulling] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const handle = useRef<PullHandle | null>(null);
  const online = useOnline();
  const trimmed = reference.trim();
  const invalid = trimmed !== '' && (!REFERENCE.test(trimmed) || trimmed.split('/').some((s) => s === '' || s === '..'));

  // Leaving the page does not stop the pull in the engine by itself: cancel it.
  useEffect(() => () => void handle.current?.cancel().catch(() => undefined), []);

  const pull = async () => {
    setOutcome(null);
    setProgress(null);
    setPulling(trimmed);
    try {
      handle.current = await followPull(trimmed, {
        onProgress: setProgress,
        onEnd: (ended) => {
          handle.current = null;
          setPulling(null);
          setOutcome(ended.error !== null ? { kind: 'failed', message: ended.error } : { kind: ended.cancelled ? 'cancelled' : 'done' });
        },
      });
    } catch (error) {
      setPulling(null);
      setOutcome({ kind: 'failed', message: toBerthError(error).message });
    }
  };

  const cancel = () => void handle.current?.cancel().catch(() => undefined);

  return (
    <section className="card pull" aria-label="Pull an image">
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (!invalid && trimmed) void pull(); }}>
        <label htmlFor="pull-reference">Image to pull</label>
        <input id="pull-reference" value={reference} placeholder="e.g. nginx:1.27 or ghcr.io/owner/app:tag" spellCheck={false}
          onChange={(e) => setReference(e.target.value)} aria-invalid={invalid} aria-describedby={invalid ? 'pull-reference-error' : undefined} />
        <button type="submit" className="primary" disabled={!online || pulling !== null || invalid || trimmed === ''}>Pull</button>
        {pulling !== null && <button type="button" onClick={cancel}>Cancel pull</button>}
        {invalid && <span id="pull-reference-error" className="field-error">A reference looks like name, name:tag or registry/name@sha256:….</span>}
      </form>
      {(pulling !== null || (progress !== null && progress.layers.length > 0)) && (
        <div className="pull-progress" data-testid="pull-progress">
          <ProgressBar fraction={progress ? progress.fraction : null}
            label={`${pulling ? 'Pulling' : PAST[outcome?.kind ?? 'done']} ${progress?.reference ?? pulling ?? ''}${progress?.status ? ` — ${progress.status}` : ''}`} />
          {progress && progress.layers.length > 0 && (
            <table className="table layers" data-testid="pull-layers">
              <thead>
                <tr><th scope="col">Layer</th><th scope="col">Step</th><th scope="col" className="num">Bytes</th><th scope="col" className="num">Done</th></tr>
              </thead>
              <tbody>
                {progress.layers.map((layer) => (
                  <tr key={layer.id} data-testid="pull-layer">
                    <td className="mono-soft">{layer.id}</td>
                    <td>{layer.status}</td>
                    <td className="num">{layerText(layer)}</td>
                    <td className="num">{Math.round(layer.fraction * 100)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {outcome?.kind === 'failed' && (
        <div className="error-box" role="alert" data-testid="pull-error">
          <span className="engine-words">{outcome.message}</span>
        </div>
      )}
      {outcome?.kind === 'cancelled' && <p className="muted small" role="status">Pull cancelled.</p>}
      {outcome?.kind === 'done' && <p className="muted small" role="status">Pulled {progress?.reference}.</p>}
    </section>
  );
}
