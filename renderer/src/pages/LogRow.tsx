/** One log line at a fixed height and offset inside the virtual list. */
import { memo } from 'react';
import { AnsiText } from '../components/AnsiText';
import type { ViewLine } from '../logs/log-session';

export const ROW_HEIGHT = 18;

/** Colours for the services of a merged view, from the theme's ANSI palette (readable in both themes). */
export const SOURCE_COLOURS = [4, 2, 5, 3, 6, 1, 12, 10, 13, 14, 11, 9].map((n) => `var(--ansi-${n})`);

export const sourceColour = (index: number): string => SOURCE_COLOURS[index % SOURCE_COLOURS.length]!;

/** 2024-05-01T12:00:00.123456789Z → 2024-05-01 12:00:00.123 */
export function shortTimestamp(ts: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(ts);
  return m ? `${m[1]} ${m[2]}${m[3] ?? ''}` : ts;
}

interface Props {
  line: ViewLine;
  index: number;
  timestamps: boolean;
  /** Set when several sources are merged; its width keeps the text aligned. */
  label: string | null;
  labelWidth: number;
  query: string;
  current: boolean;
}

export const LogRow = memo(function LogRow({ line, index, timestamps, label, labelWidth, query, current }: Props) {
  const classes = ['log-line'];
  if (line.stream === 'stderr') classes.push('stderr');
  if (current) classes.push('current-match');
  return (
    <div
      data-testid="log-line"
      data-stream={line.stream}
      data-current={current || undefined}
      className={classes.join(' ')}
      style={{ top: index * ROW_HEIGHT }}
    >
      {timestamps && line.timestamp && <span className="log-ts">{shortTimestamp(line.timestamp)} </span>}
      {label !== null && (
        <span className="log-source" data-testid="log-source" style={{ color: sourceColour(line.source), minWidth: `${labelWidth}ch` }}>
          {label}
        </span>
      )}
      <AnsiText text={line.text} highlight={query} />
    </div>
  );
});
