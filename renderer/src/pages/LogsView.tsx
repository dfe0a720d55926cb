/**
 * The Logs tab: one subscription (renewed when the options, the run or the
 * connection change), a ring of the last 5000 lines, and a virtual list that
 * renders only the rows in view. Follow keeps the view at the bottom.
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { useConnection } from '../api/connection';
import { ErrorBox } from '../components/States';
import { plural } from '../lib/format';
import { LOG_CAPACITY, LogSession } from '../logs/log-session';
import { LogRow, ROW_HEIGHT } from './LogRow';

const OVERSCAN = 20;

/** `run` changes when the container starts again, so the stream is renewed. */
export function LogsView({ id, run }: { id: string; run: string }) {
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [session] = useState(() => new LogSession());
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const generation = useConnection((s) => s.generation);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const droppedBefore = useRef(0);
  const lastTop = useRef(0);

  useEffect(() => session.open(api, id, timestamps), [session, id, timestamps, run, generation]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const buffer = session.buffer;
  const length = buffer.length;
  const dropped = buffer.dropped;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const shift = dropped - droppedBefore.current;
    droppedBefore.current = dropped;
    if (follow) el.scrollTop = el.scrollHeight;
    else if (shift > 0) el.scrollTop = Math.max(0, el.scrollTop - shift * ROW_HEIGHT);
  }, [snap.version, follow, dropped]);

  const top = follow ? Math.max(0, length * ROW_HEIGHT - view.height) : view.top;
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(length, Math.ceil((top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(<LogRow key={buffer.seqAt(i)} line={buffer.at(i)!} index={i} />);
  }

  return (
    <div className="logs">
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <label className="check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} />
          Timestamps
        </label>
        <button type="button" onClick={() => session.clear()}>
          Clear
        </button>
        <span className="muted small" aria-live="polite">
          {plural(length, 'line')}{dropped > 0 ? ` (last ${LOG_CAPACITY} kept)` : ''}
          {snap.ended !== undefined ? ` · stream ended${snap.ended ? `: ${snap.ended}` : ''}` : ''}
        </span>
      </div>
      {snap.error && <ErrorBox error={snap.error.code === 'not-found' ? `No such container: ${id}` : snap.error} />}
      <div
        ref={scroller}
        className="logs-view"
        data-testid="logs-view"
        tabIndex={0}
        aria-label="Log output"
        onScroll={(e) => {
          const el = e.currentTarget;
          // Scrolling up by hand while following pauses follow, as in a terminal.
          const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
          if (follow && !atBottom && el.scrollTop < lastTop.current) setFollow(false);
          lastTop.current = el.scrollTop;
          setView({ top: el.scrollTop, height: el.clientHeight });
        }}
      >
        <div className="logs-spacer" style={{ height: length * ROW_HEIGHT }}>
          {rows}
        </div>
        {length === 0 && !snap.error && (
          <div className="logs-empty muted">{snap.subscribed ? 'No output yet.' : 'Connecting to the log stream…'}</div>
        )}
      </div>
    </div>
  );
}
