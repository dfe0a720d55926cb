/** Local images: tags, id, size, age, use; remove with confirmation. */
import { useState } from 'react';
import type { ImageSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EngineNotRunning, engineIsUp } from '../components/EngineGate';
import { Icon } from '../components/icons';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatAgo, formatBytes, plural, shortId } from '../lib/format';
import { useNow } from '../lib/use-now';
import { useEngine } from '../stores/engine';
import { useImages } from '../stores/images';
import { runAction } from '../stores/toasts';

export const IMAGE_FORCE_LABEL = 'Force: remove even if stopped containers use it; running containers must be removed first';

export function imageLabel(image: ImageSummary): string {
  return image.tags[0] ?? shortId(image.id);
}

function RemoveImage({ image }: { image: ImageSummary }) {
  const [confirming, setConfirming] = useState(false);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const label = imageLabel(image);
  const remove = async () => {
    setConfirming(false);
    setBusy(true);
    await runAction(`Remove ${label}`, () => api.call('images:remove', { id: image.id, force }));
    setBusy(false);
  };
  return (
    <>
      <button type="button" className="action-remove" aria-label={`Remove ${label}`} title={`Remove ${label}`}
        disabled={busy || !online} onClick={() => setConfirming(true)}>
        <Icon name="remove" />
      </button>
      {confirming && (
        <ConfirmDialog title={`Remove ${label}?`} confirmLabel="Remove" onConfirm={() => void remove()} onCancel={() => setConfirming(false)}>
          {image.tags.length > 1 && <p>This removes all its tags: {image.tags.join(', ')}.</p>}
          {image.containers > 0 && (
            <p>
              {plural(image.containers, 'container')} {image.containers === 1 ? 'uses' : 'use'} this image.
            </p>
          )}
          <label className="check">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            {IMAGE_FORCE_LABEL}
          </label>
        </ConfirmDialog>
      )}
    </>
  );
}

export function ImagesPage() {
  const items = useImages((s) => s.items);
  const error = useImages((s) => s.error);
  const refresh = useImages((s) => s.refresh);
  const engineState = useEngine((s) => s.status?.state);
  const now = useNow();

  let body;
  if ((engineState && !engineIsUp(engineState)) || error?.code === 'engine-unavailable') body = <EngineNotRunning />;
  else if (!items && error) body = <ErrorBox error={error} onRetry={() => void refresh()} />;
  else if (!items) body = <Loading label="Loading images…" />;
  else if (items.length === 0)
    body = (
      <Empty>
        No images yet. Pull one with <code>docker pull …</code>
      </Empty>
    );
  else {
    const sorted = [...items].sort((a, b) => b.createdAt - a.createdAt);
    const total = items.reduce((sum, i) => sum + i.sizeBytes, 0);
    body = (
      <>
        <p className="muted small">
          {plural(items.length, 'image')}, {formatBytes(total)}
        </p>
        <table className="table" data-testid="images-table">
          <thead>
            <tr>
              <th scope="col">Tags</th>
              <th scope="col">Image ID</th>
              <th scope="col" className="num">Size</th>
              <th scope="col">Created</th>
              <th scope="col" className="num">In use by</th>
              <th scope="col" className="actions-cell">Actions</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((image) => (
              <tr key={image.id} data-testid="image-row" data-name={imageLabel(image)}>
                <td>
                  {image.tags.length === 0 ? (
                    <span className="muted">&lt;none&gt;{image.dangling ? ' (dangling)' : ''}</span>
                  ) : (
                    image.tags.map((t) => <div key={t}>{t}</div>)
                  )}
                </td>
                <td className="mono-soft" title={image.id}>{shortId(image.id)}</td>
                <td className="num">{formatBytes(image.sizeBytes)}</td>
                <td>{formatAgo(image.createdAt, now)}</td>
                <td className="num">{image.containers < 0 ? '—' : image.containers}</td>
                <td className="actions-cell">
                  <div className="actions compact">
                    <RemoveImage image={image} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>Images</h1>
      </header>
      {body}
    </section>
  );
}
