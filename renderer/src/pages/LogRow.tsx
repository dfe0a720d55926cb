/** One log line at a fixed height and offset inside the virtual list. */
import { memo } from 'react';
import type { LogLine } from '../../../preload/contract/dto';
import { AnsiText } from '../components/AnsiText';

export const ROW_HEIGHT = 18;

/** 2024-05-01T12:00:00.123456789Z → 2024-05-01 12:00:00.123 */
export function shortTimestamp(ts: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(ts);
  return m ? `${m[1]} ${m[2]}${m[3] ?? ''}` : ts;
}

export const LogRow = memo(function LogRow({ line, index }: { line: LogLine; index: number }) {
  return (
    <div
      data-testid="log-line"
      data-stream={line.stream}
      className={line.stream === 'stderr' ? 'log-line stderr' : 'log-line'}
      style={{ top: index * ROW_HEIGHT }}
    >
      {line.timestamp && <span className="log-ts">{shortTimestamp(line.timestamp)} </span>}
      <AnsiText text={line.text} />
    </div>
  );
});
