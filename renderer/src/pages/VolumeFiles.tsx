/** A volume's files as a read-only tree with sizes; files download through the web host. */
import { useCallback, useEffect, useState } from 'react';
import type { VolumeEntry, VolumeTree } from '../../../preload/contract/volumes-browse';
import type { BerthError } from '../../../preload/contract/errors';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatBytes, plural } from '../lib/format';
import { visibleRows } from '../lib/volume-tree-view';
import { isDesktop, volumeTransferPaths } from '../lib/volume-transfer';
import { toBerthError } from '../stores/list-store';
import { runAction, useToasts } from '../stores/toasts';

function KindLabel({ entry }: { entry: VolumeEntry }) {
  if (entry.kind === 'symlink') return <span className="muted small"> → {entry.linkTarget}</span>;
  if (entry.kind === 'other') return <span className="muted small"> (special file)</span>;
  return null;
}

async function saveFile(volume: string, path: string): Promise<void> {
  await runAction(`Save ${path}`, async () => {
    const { savedTo } = await api.call('volumes:save-file', { name: volume, path });
    if (savedTo) useToasts.getState().push('info', `Saved ${path} to ${savedTo}`);
  });
}

export function VolumeFiles({ name, reloadKey }: { name: string; reloadKey: number }) {
  const [tree, setTree] = useState<VolumeTree | null>(null);
  const [error, setError] = useState<BerthError | null>(null);
  const [loading, setLoading] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const online = useOnline();

  // Results land in callbacks, so the effect below sets no state synchronously.
  const fetchTree = useCallback(
    () =>
      api.call('volumes:browse', { name }).then(
        (next) => {
          setTree(next);
          setError(null);
        },
        (e: unknown) => setError(toBerthError(e)),
      ),
    [name],
  );
  const load = async () => {
    setLoading(true);
    await fetchTree();
    setLoading(false);
  };

  useEffect(() => {
    void fetchTree();
  }, [fetchTree, reloadKey]);

  const toggle = (path: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  let body;
  if (!tree && error) body = <ErrorBox error={error} onRetry={() => void load()} />;
  else if (!tree) body = <Loading label="Reading the volume…" />;
  else if (tree.root.children.length === 0) body = <Empty>This volume is empty.</Empty>;
  else {
    const desktop = isDesktop();
    body = (
      <table className="table volume-files" data-testid="volume-files">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">Size</th>
            <th scope="col">Modified</th>
            <th scope="col" className="actions-cell">Actions</th>
          </tr>
        </thead>
        <tbody>
          {visibleRows(tree.root, expanded).map(({ entry, depth }) => (
            <tr key={entry.path} data-testid="volume-file" data-path={entry.path} data-kind={entry.kind}>
              <td className="truncate" title={entry.path}>
                <span style={{ paddingLeft: `${depth * 18}px` }} />
                {entry.kind === 'directory' ? (
                  <button type="button" className="link" aria-expanded={expanded.has(entry.path)} onClick={() => toggle(entry.path)}>
                    {expanded.has(entry.path) ? '▾' : '▸'} {entry.name}/
                  </button>
                ) : (
                  <span className="file-name">{entry.name}</span>
                )}
                <KindLabel entry={entry} />
              </td>
              <td className="num" data-testid="volume-file-size">{formatBytes(entry.sizeBytes)}</td>
              <td className="muted small">{entry.modifiedAt ? new Date(entry.modifiedAt).toLocaleString() : '—'}</td>
              <td className="actions-cell">
                {entry.kind === 'file' && !desktop && (
                  <a href={volumeTransferPaths.file(name, entry.path)} download={entry.name} aria-label={`Download ${entry.path}`}>
                    Download
                  </a>
                )}
                {entry.kind === 'file' && desktop && (
                  <button type="button" className="small" aria-label={`Save ${entry.path}`} disabled={!online} onClick={() => void saveFile(name, entry.path)}>
                    Save as…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }

  return (
    <section className="card volume-files-card" aria-labelledby="volume-files-title">
      <div className="card-head">
        <h2 id="volume-files-title">Files</h2>
        <button type="button" disabled={loading || !online} onClick={() => void load()}>
          {loading ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {tree && (
        <p className="muted small" data-testid="volume-files-summary">
          {plural(tree.entryCount, 'entry', 'entries')}, {formatBytes(tree.root.sizeBytes)} in files. Read-only, through a
          helper container made from <code>{tree.helperImage}</code> and never started.
        </p>
      )}
      {tree?.truncated && (
        <div className="notice warn" role="status" data-testid="volume-files-truncated">{tree.truncatedReason} Only the first {plural(tree.entryCount, 'entry', 'entries')} are listed; export the volume to see it all.</div>
      )}
      {tree && error && <ErrorBox error={error} onRetry={() => void load()} />}
      {body}
    </section>
  );
}
