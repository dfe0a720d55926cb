/** Local images: pull, load from a file, prune; per image: details, Run…, remove with confirmation. */
import { useState } from 'react';
import type { ImageSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { engineIsUp } from '../components/EngineGate';
import { Icon } from '../components/icons';
import { RemoveButton } from '../components/RemoveButton';
import { ResourceListBody, useResourceList } from '../components/ResourceListBody';
import { formatAgo, formatBytes, plural, shortId } from '../lib/format';
import { useNow } from '../lib/use-now';
import { useEngine } from '../stores/engine';
import { useImages } from '../stores/images';
import { ImageDetailView } from './ImageDetail';
import { LoadImage } from './ImageLoad';
import { PullImage } from './ImagePull';
import { PruneImages } from './ImagePrune';
import { RunDialog } from './RunDialog';
import '../images/images.css';

export const IMAGE_FORCE_LABEL = 'Force: remove even if stopped containers use it; running containers must be removed first';

export function imageLabel(image: ImageSummary): string {
  return image.tags[0] ?? shortId(image.id);
}

function RemoveImage({ image }: { image: ImageSummary }) {
  const [force, setForce] = useState(false);
  // '' removes the image itself; a tag removes only that name (as `docker rmi TAG` does when others remain).
  const [target, setTarget] = useState('');
  const label = imageLabel(image);
  return (
    <RemoveButton name={label} action={target ? `Remove tag ${target}` : `Remove ${label}`} dialogTitle={`Remove ${label}?`}
      remove={() => api.call('images:remove', { id: target || image.id, force: target ? false : force })}>
      {image.tags.length > 1 && (
        <fieldset className="run-rows">
          <legend>What to remove</legend>
          {image.tags.map((tag) => (
            <label className="check" key={tag}>
              <input type="radio" name="remove-target" checked={target === tag} onChange={() => setTarget(tag)} />
              Only the tag {tag}
            </label>
          ))}
          <label className="check">
            <input type="radio" name="remove-target" checked={target === ''} onChange={() => setTarget('')} />
            The image with all its tags ({image.tags.join(', ')}); the engine asks for Force for this
          </label>
        </fieldset>
      )}
      {image.containers > 0 && (
        <p>
          {plural(image.containers, 'container')} {image.containers === 1 ? 'uses' : 'use'} this image.
        </p>
      )}
      {target === '' && (
        <label className="check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {IMAGE_FORCE_LABEL}
        </label>
      )}
    </RemoveButton>
  );
}

export function ImagesPage() {
  const list = useResourceList(useImages);
  const engineState = useEngine((s) => s.status?.state);
  const now = useNow();
  const [selected, setSelected] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const runDialog = running && <RunDialog image={running} onClose={() => setRunning(null)} />;
  // An image removed while its details are open goes back to the list.
  const selectedGone = selected !== null && list.items !== null && !list.items.some((i) => i.id === selected);
  if (selected && !selectedGone) {
    return (
      <>
        <ImageDetailView id={selected} onBack={() => setSelected(null)} onRun={setRunning} />
        {runDialog}
      </>
    );
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>Images</h1>
      </header>
      {engineIsUp(engineState) && (
        <>
          <PullImage />
          <div className="images-toolbar">
            <LoadImage />
            <PruneImages />
          </div>
        </>
      )}
      <ResourceListBody {...list} loadingLabel="Loading images…"
        empty={<>No images yet. Pull one above, or load a <code>docker save</code> archive from a file.</>}>
        {(images) => (
          <>
            <p className="muted small">
              {plural(images.length, 'image')}, {formatBytes(images.reduce((sum, i) => sum + i.sizeBytes, 0))}
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
                {[...images].sort((a, b) => b.createdAt - a.createdAt).map((image) => (
                  <tr key={image.id} data-testid="image-row" data-name={imageLabel(image)}>
                    <td>
                      <button type="button" className="link" title="Show layers, history and config" aria-label={`Details of ${imageLabel(image)}`}
                        onClick={() => setSelected(image.id)}>
                        {image.tags.length === 0 ? (
                          <span className="muted">&lt;none&gt;{image.dangling ? ' (dangling)' : ''}</span>
                        ) : (
                          image.tags.map((t) => <div key={t}>{t}</div>)
                        )}
                      </button>
                    </td>
                    <td className="mono-soft" title={image.id}>{shortId(image.id)}</td>
                    <td className="num">{formatBytes(image.sizeBytes)}</td>
                    <td>{formatAgo(image.createdAt, now)}</td>
                    <td className="num">{image.containers < 0 ? '—' : image.containers}</td>
                    <td className="actions-cell">
                      <div className="actions compact">
                        <button type="button" className="action-start" aria-label={`Run ${imageLabel(image)}`} title={`Run a container from ${imageLabel(image)}`}
                          onClick={() => setRunning(image.tags[0] ?? image.id)}>
                          <Icon name="start" />
                        </button>
                        <RemoveImage image={image} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </ResourceListBody>
      {runDialog}
    </section>
  );
}
