/** One image in depth: tags, digests, size, platform, its config, layers and history. */
import { useEffect, useState } from 'react';
import type { ImageDetail } from '../../../preload/contract/images';
import { api } from '../api/client';
import { ErrorBox, Loading } from '../components/States';
import { formatAgo, formatBytes, plural, shortId } from '../lib/format';
import { useNow } from '../lib/use-now';
import { toBerthError } from '../stores/list-store';
import '../images/images.css';

function List({ items, empty = '—' }: { items: string[]; empty?: string }) {
  if (items.length === 0) return <span className="muted">{empty}</span>;
  return <>{items.map((item) => <div key={item} className="mono-soft">{item}</div>)}</>;
}

export function ImageDetailView({ id, onBack, onRun }: { id: string; onBack(): void; onRun(reference: string): void }) {
  const [detail, setDetail] = useState<ImageDetail | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [attempt, setAttempt] = useState(0);
  const now = useNow();

  useEffect(() => {
    let live = true;
    api.call('images:inspect', { id }).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(toBerthError(e)),
    );
    return () => {
      live = false;
    };
  }, [id, attempt]);

  const title = detail?.tags[0] ?? shortId(id);
  return (
    <section className="page image-detail" data-testid="image-detail">
      <header className="page-header">
        <div className="image-title">
          <button type="button" onClick={onBack}>← Images</button>
          <h1>{title}</h1>
        </div>
        {detail && <button type="button" className="primary" onClick={() => onRun(detail.tags[0] ?? detail.id)}>Run…</button>}
      </header>
      {error && <ErrorBox error={error} onRetry={() => {
        setError(null);
        setAttempt((n) => n + 1);
      }} />}
      {!error && !detail && <Loading label="Inspecting the image…" />}
      {detail && (
        <>
          <dl className="facts">
            <dt>Tags</dt><dd><List items={detail.tags} empty="none (dangling)" /></dd>
            <dt>Image ID</dt><dd className="mono-soft copyable">{detail.id}</dd>
            <dt>Digests</dt><dd><List items={detail.digests} empty="none (built or loaded here)" /></dd>
            <dt>Size</dt><dd>{formatBytes(detail.sizeBytes)}</dd>
            <dt>Created</dt><dd>{detail.createdAt ? formatAgo(detail.createdAt, now) : '—'}</dd>
            <dt>Platform</dt><dd>{detail.os}/{detail.architecture}</dd>
            <dt>Command</dt><dd className="mono-soft">{[...detail.config.entrypoint, ...detail.config.cmd].join(' ') || '—'}</dd>
            <dt>Working dir</dt><dd className="mono-soft">{detail.config.workingDir || '/'}</dd>
            <dt>User</dt><dd className="mono-soft">{detail.config.user || 'root'}</dd>
            <dt>Exposed ports</dt><dd><List items={detail.config.exposedPorts} /></dd>
            <dt>Environment</dt><dd><List items={detail.config.env} /></dd>
          </dl>

          <h2>Layers <span className="muted small">({plural(detail.layers.length, 'layer')})</span></h2>
          <ol className="mono-soft" data-testid="image-layers">
            {detail.layers.map((layer) => <li key={layer} title={layer}>{layer}</li>)}
          </ol>

          <h2>History</h2>
          <table className="table history" data-testid="image-history">
            <thead>
              <tr><th scope="col">Created</th><th scope="col">Step</th><th scope="col" className="num">Size</th></tr>
            </thead>
            <tbody>
              {detail.history.map((step, i) => (
                <tr key={i}>
                  <td>{step.createdAt ? formatAgo(step.createdAt, now) : '—'}</td>
                  <td className="created-by">{step.createdBy || step.comment || '—'}</td>
                  <td className="num">{formatBytes(step.sizeBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
