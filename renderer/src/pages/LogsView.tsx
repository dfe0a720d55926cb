/**
 * A log view, of one container or of a compose project's containers merged:
 * one subscription per container (renewed when the sources, the run or the
 * connection change), a ring of the last 5000 lines, and a virtual list that
 * renders only the rows in view. It follows the newest line until paused
 * (the Pause button, scrolling up, or moving to a search match); lines that
 * come while paused wait and join on Resume.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { useConnection } from '../api/connection';
import { ErrorBox } from '../components/States';
import { plural } from '../lib/format';
import { copyText, downloadText } from '../lib/save-text';
import { linesToText, logFileName } from '../logs/log-export';
import { stepMatch } from '../logs/log-search';
import { LOG_CAPACITY, LogSession, type LogSource, type ViewLine } from '../logs/log-session';
import { useToasts } from '../stores/toasts';
import { LogRow, ROW_HEIGHT } from './LogRow';
import { LogSearch } from './LogSearch';
import './logs-view.css';
import { SourceFilter } from './SourceFilter';

const OVERSCAN = 20;
const NO_SOURCES_HIDDEN: ReadonlySet<number> = new Set();

interface Props {
  sources: LogSource[];
  /** Changes when a container starts again, so the streams are renewed. */
  run: string;
  /** What the logs are of, for the downloaded file's name. */
  name: string;
}

export function LogsView({ sources, run, name }: Props) {
  const [timestamps, setTimestamps] = useState(false);
  const [session] = useState(() => new LogSession());
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const generation = useConnection((s) => s.generation);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const lastScroll = useRef({ top: 0, height: 0 });
  const [hidden, setHidden] = useState<ReadonlySet<number>>(NO_SOURCES_HIDDEN);
  const [query, setQuery] = useState('');
  // The current match is remembered by the line's sequence number, which survives lines arriving and leaving.
  const [currentSeq, setCurrentSeq] = useState<number | null>(null);
  const push = useToasts((s) => s.push);

  const sourcesKey = JSON.stringify(sources);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- sourcesKey stands for sources
  useEffect(() => session.open(api, sources), [session, sourcesKey, run, generation]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const buffer = session.buffer;
  const merged = sources.length > 1;
  const paused = snap.paused;

  // Positions in the ring of the lines the filter lets through (all of them when no service is hidden).
  const rows = useMemo(() => {
    const out: number[] = [];
    for (let i = 0; i < buffer.length; i++) if (!hidden.has(buffer.at(i)!.source)) out.push(i);
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the ring is mutable; its version says when it changed
  }, [buffer, snap.version, hidden]);
  const needle = query.trim();
  const matches = useMemo(() => {
    if (needle === '') return [];
    const lower = needle.toLowerCase();
    const out: number[] = [];
    for (let r = 0; r < rows.length; r++) if (buffer.at(rows[r]!)!.plain.toLowerCase().includes(lower)) out.push(r);
    return out;
  }, [buffer, rows, needle]);
  const currentMatch = currentSeq === null ? -1 : matches.findIndex((r) => buffer.seqAt(rows[r]!) === currentSeq);
  const currentRow = currentMatch >= 0 ? matches[currentMatch]! : -1;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && !paused) el.scrollTop = el.scrollHeight;
  }, [snap.version, paused, rows.length]);

  const scrollToRow = (row: number) => {
    const el = scroller.current;
    if (el) el.scrollTop = Math.max(0, row * ROW_HEIGHT - el.clientHeight / 2);
  };

  const step = (direction: 1 | -1) => {
    const next = stepMatch(matches.length, currentMatch, direction);
    if (next < 0) return;
    // Reading a match: the view holds still instead of following.
    session.pause();
    setCurrentSeq(buffer.seqAt(rows[matches[next]!]!));
    scrollToRow(matches[next]!);
  };

  const visibleLines = (): ViewLine[] => rows.map((i) => buffer.at(i)!);
  const labels = sources.map((s) => (merged ? s.label : null));
  const exportText = () => linesToText(visibleLines(), { timestamps, labels });
  const labelWidth = merged ? Math.max(...sources.map((s) => (s.label ?? '').length)) + 1 : 0;

  const length = rows.length;
  const top = paused ? view.top : Math.max(0, length * ROW_HEIGHT - view.height);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(length, Math.ceil((top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const rendered = [];
  for (let r = first; r < last; r++) {
    const i = rows[r]!;
    const line = buffer.at(i)!;
    rendered.push(
      <LogRow key={buffer.seqAt(i)} line={line} index={r} timestamps={timestamps}
        label={labels[line.source] ?? null} labelWidth={labelWidth} query={needle} current={r === currentRow} />,
    );
  }

  const single = snap.sources.length === 1 ? snap.sources[0] : undefined;
  const errors = snap.sources.filter((s) => s.error);
  const dropped = buffer.dropped;

  return (
    <div className="logs">
      <div className="toolbar logs-toolbar">
        <button
          type="button"
          className={paused ? 'primary' : undefined}
          onClick={() => {
            if (!paused) return session.pause();
            session.resume();
            const el = scroller.current;
            if (el) el.scrollTop = el.scrollHeight;
          }}
        >
          {paused ? 'Resume logs' : 'Pause logs'}
        </button>
        {paused && (
          <span className="badge pending" data-testid="held-lines">
            {snap.held > 0 ? `${plural(snap.held, 'new line')} waiting` : 'Paused'}
            {snap.heldDropped > 0 ? ` (${snap.heldDropped} older dropped)` : ''}
          </span>
        )}
        <label className="check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} />
          Timestamps
        </label>
        <LogSearch query={query} onQuery={(q) => { setQuery(q); setCurrentSeq(null); }}
          current={currentMatch} count={matches.length} onStep={step} />
        <div className="spacer" />
        <button type="button" onClick={() => {
          const text = exportText();
          copyText(text).then(
            () => push('info', `Copied ${plural(length, 'line')}`),
            (error: Error) => push('error', error.message, 'Copy logs'),
          );
        }} disabled={length === 0}>
          Copy
        </button>
        <button type="button" onClick={() => downloadText(logFileName(name, new Date()), exportText())} disabled={length === 0}>
          Download
        </button>
        <button type="button" onClick={() => { session.clear(); setCurrentSeq(null); }}>
          Clear
        </button>
      </div>
      {merged && (
        <SourceFilter sources={snap.sources} hidden={hidden} onToggle={(i) => {
          const next = new Set(hidden);
          if (!next.delete(i)) next.add(i);
          setHidden(next);
        }} />
      )}
      <div className="muted small logs-status" aria-live="polite">
        {plural(length, 'line')}{dropped > 0 ? ` (last ${LOG_CAPACITY} kept)` : ''}
        {single?.ended !== undefined && single ? ` · stream ended${single.ended ? `: ${single.ended}` : ''}` : ''}
      </div>
      {!merged && single?.error && (
        <ErrorBox error={single.error.code === 'not-found' ? `No such container: ${sources[0]?.id}` : single.error} />
      )}
      {merged && errors.length > 0 && <ErrorBox error={errors.map((s) => `${s.label}: ${s.error!.message}`).join('; ')} />}
      <div
        ref={scroller}
        className="logs-view"
        data-testid="logs-view"
        data-paused={paused || undefined}
        tabIndex={0}
        aria-label="Log output"
        // Reaching back by hand pauses, as in a terminal: lines stop pushing the view away.
        onWheel={(e) => {
          if (e.deltaY < 0) session.pause();
        }}
        onKeyDown={(e) => {
          if (['ArrowUp', 'PageUp', 'Home'].includes(e.key)) session.pause();
        }}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
          // The scrollbar dragged up: same height as before (not lines cleared or filtered) but higher up.
          const byHand = el.scrollHeight === lastScroll.current.height && el.scrollTop < lastScroll.current.top;
          if (!paused && byHand && !atBottom) session.pause();
          lastScroll.current = { top: el.scrollTop, height: el.scrollHeight };
          setView({ top: el.scrollTop, height: el.clientHeight });
        }}
      >
        <div className="logs-spacer" style={{ height: length * ROW_HEIGHT }}>
          {rendered}
        </div>
        {length === 0 && errors.length === 0 && (
          <div className="logs-empty muted">
            {snap.sources.some((s) => s.subscribed) ? 'No output yet.' : 'Connecting to the log stream…'}
          </div>
        )}
      </div>
    </div>
  );
}
