/** One log at a time (Berth's, the engine's, the VM console, QEMU's): its last lines, read again on Refresh. */
import { useEffect, useState } from 'react';
import type { LogExcerpt, LogSource } from '../../../preload/contract/troubleshoot';
import { api } from '../api/client';
import { Empty, ErrorBox, Loading } from '../components/States';

const SOURCES: { source: LogSource; label: string }[] = [
  { source: 'berth', label: 'Berth' },
  { source: 'engine', label: 'Docker Engine' },
  { source: 'serial', label: 'VM console' },
  { source: 'qemu', label: 'QEMU' },
];

/** What a read answered, and for which request (source + refresh count), so a late answer never shows under another tab. */
type Answer = { request: string } & ({ excerpt: LogExcerpt; error: null } | { excerpt: null; error: Error });

export function LogExcerptPanel() {
  const [source, setSource] = useState<LogSource>('berth');
  const [refreshes, setRefreshes] = useState(0);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const request = `${source}#${refreshes}`;

  useEffect(() => {
    let live = true;
    api.call('troubleshoot:get-log', { source, lines: 500 }).then(
      (excerpt) => live && setAnswer({ request, excerpt, error: null }),
      (error: Error) => live && setAnswer({ request, excerpt: null, error }),
    );
    return () => {
      live = false;
    };
  }, [source, request]);

  const loading = answer?.request !== request;
  const excerpt = answer && !loading ? answer.excerpt : null;
  const error = answer && !loading ? answer.error : null;
  const refresh = () => setRefreshes((n) => n + 1);

  let body;
  if (error) body = <ErrorBox error={error} onRetry={refresh} />;
  else if (!excerpt) body = <Loading label="Reading the log…" />;
  else if (excerpt.lines.length === 0) body = <Empty>{excerpt.note ?? 'The log is empty.'}</Empty>;
  else
    body = (
      <>
        {excerpt.note && <p className="small muted">{excerpt.note}</p>}
        {/* Focusable so the keyboard can scroll it. */}
        <pre className="log-excerpt" tabIndex={0} aria-label={`${labelOf(source)} log`} data-testid="log-excerpt">
          {excerpt.truncated && <span className="muted">… earlier lines left out{'\n'}</span>}
          {excerpt.lines.join('\n')}
        </pre>
      </>
    );

  return (
    <div className="card" data-testid="log-panel">
      <div className="card-head">
        <h2>Logs</h2>
        <div className="segmented" role="group" aria-label="Log">
          {SOURCES.map((s) => (
            <button key={s.source} type="button" aria-pressed={s.source === source} onClick={() => setSource(s.source)}>
              {s.label}
            </button>
          ))}
        </div>
        <div className="spacer" />
        <button type="button" disabled={loading} onClick={refresh}>
          Refresh
        </button>
      </div>
      {excerpt?.path && <p className="small muted">From <code>{excerpt.path}</code></p>}
      {body}
    </div>
  );
}

function labelOf(source: LogSource): string {
  return SOURCES.find((s) => s.source === source)?.label ?? source;
}
