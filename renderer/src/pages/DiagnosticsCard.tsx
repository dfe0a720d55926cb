/**
 * The diagnostics bundle: Berth builds one .tar.gz (logs, versions, settings
 * with secrets redacted, docker info); the desktop app then asks where to save
 * it, a browser downloads it from the web host.
 */
import { useState } from 'react';
import type { DiagnosticsBundle } from '../../../preload/contract/troubleshoot';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { formatBytes } from '../lib/format';
import { bundleDownloadUrl } from '../lib/troubleshoot-view';
import { runAction, useToasts } from '../stores/toasts';

/** The desktop app has window.berth (its preload) and a save dialog; a browser has downloads. */
const desktop = () => typeof window !== 'undefined' && window.berth !== undefined;

async function saveInDesktop(bundle: DiagnosticsBundle): Promise<void> {
  const { savedTo } = await api.call('troubleshoot:save-bundle', { fileName: bundle.fileName });
  if (savedTo) useToasts.getState().push('info', `Saved the diagnostics bundle to ${savedTo}`);
}

function download(bundle: DiagnosticsBundle): void {
  const link = document.createElement('a');
  link.href = bundleDownloadUrl(bundle.fileName);
  link.download = bundle.fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

export function DiagnosticsCard() {
  const [bundle, setBundle] = useState<DiagnosticsBundle | null>(null);
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const create = async () => {
    setBusy(true);
    await runAction('Create diagnostics bundle', async () => {
      const made = await api.call('troubleshoot:create-bundle', {});
      setBundle(made);
      if (desktop()) await saveInDesktop(made);
      else download(made);
    });
    setBusy(false);
  };
  return (
    <div className="card" data-testid="diagnostics-card">
      <div className="card-head">
        <h2>Diagnostics bundle</h2>
        <div className="spacer" />
        <button type="button" className="primary" disabled={busy || !online} onClick={() => void create()}>
          {busy ? 'Collecting…' : 'Create diagnostics bundle'}
        </button>
      </div>
      <p className="small muted">
        One .tar.gz with Berth&apos;s log, the engine&apos;s and the VM&apos;s logs, versions, your settings with secrets redacted, and{' '}
        <code>docker info</code>: attach it to a bug report. From a terminal: <code>berth diagnose</code>.
      </p>
      {busy && (
        <div className="placeholder" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" /> Collecting logs and versions…
        </div>
      )}
      {bundle && !busy && (
        <div data-testid="bundle-result">
          <p>
            <strong>{bundle.fileName}</strong> ({formatBytes(bundle.sizeBytes, true)}, {bundle.entries.length} files){' '}
            {desktop() ? (
              <button type="button" onClick={() => void runAction('Save diagnostics bundle', () => saveInDesktop(bundle))}>
                Save again…
              </button>
            ) : (
              <a href={bundleDownloadUrl(bundle.fileName)} download={bundle.fileName}>
                Download again
              </a>
            )}
          </p>
          <details>
            <summary>What is inside</summary>
            <ul className="mono-soft" data-testid="bundle-entries">
              {bundle.entries.map((entry) => (
                <li key={entry}>{entry}</li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </div>
  );
}
