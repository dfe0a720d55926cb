/** The services of a merged log view: each with its colour, a switch to show or hide it, and its stream's state. */
import type { SourceState } from '../logs/log-session';
import { sourceColour } from './LogRow';

interface Props {
  sources: SourceState[];
  hidden: ReadonlySet<number>;
  onToggle(index: number): void;
}

function stateOf(source: SourceState): string | null {
  if (source.error) return source.error.message;
  if (source.ended !== undefined) return source.ended ? `ended: ${source.ended}` : 'ended';
  return source.subscribed ? null : 'connecting…';
}

export function SourceFilter({ sources, hidden, onToggle }: Props) {
  return (
    <div className="log-sources" role="group" aria-label="Services shown">
      {sources.map((source, i) => {
        const state = stateOf(source);
        return (
          <label key={i} className="log-source-chip" data-testid="log-source-filter" data-source={source.label ?? ''}>
            <input type="checkbox" checked={!hidden.has(i)} onChange={() => onToggle(i)} aria-label={`Show ${source.label}`} />
            <span className="swatch" style={{ background: sourceColour(i) }} aria-hidden="true" />
            {source.label}
            {state && <span className="muted small"> · {state}</span>}
          </label>
        );
      })}
    </div>
  );
}
