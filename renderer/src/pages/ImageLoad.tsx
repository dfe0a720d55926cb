/** "Load from file…": a `docker save` archive, uploaded (browser) or read from disk by main (Electron). */
import { useRef, useState } from 'react';
import { useOnline } from '../api/connection';
import { ProgressBar } from '../components/ProgressBar';
import { loadArchive } from '../images/load-archive';
import { toBerthError } from '../stores/list-store';

type Outcome = { kind: 'loaded'; loaded: string[] } | { kind: 'failed'; message: string } | null;

export function LoadImage() {
  const input = useRef<HTMLInputElement>(null);
  const [loading, setLoading] = useState<{ name: string; fraction: number | null } | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const online = useOnline();

  const load = async (file: File) => {
    setOutcome(null);
    setLoading({ name: file.name, fraction: 0 });
    try {
      const result = await loadArchive(file, (fraction) => setLoading({ name: file.name, fraction }));
      setOutcome({ kind: 'loaded', loaded: result.loaded });
    } catch (error) {
      setOutcome({ kind: 'failed', message: toBerthError(error).message });
    } finally {
      setLoading(null);
      // The same file may be picked again after a fix.
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="image-load">
      <input ref={input} type="file" accept=".tar,application/x-tar" hidden data-testid="image-load-input" aria-label="Image archive (.tar) to load"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void load(file);
        }} />
      <button type="button" disabled={!online || loading !== null} onClick={() => input.current?.click()}>Load from file…</button>
      {loading && (
        <ProgressBar fraction={loading.fraction} label={loading.fraction === null ? `Loading ${loading.name} into the engine…` : `Uploading ${loading.name}`} />
      )}
      {outcome?.kind === 'loaded' && (
        <p className="muted small" role="status" data-testid="image-load-result">Loaded {outcome.loaded.join(', ')}</p>
      )}
      {outcome?.kind === 'failed' && (
        <div className="error-box" role="alert" data-testid="image-load-error"><span>{outcome.message}</span></div>
      )}
    </div>
  );
}
