/** The search box of a log view: Enter for the next match, Shift+Enter for the previous one. */
interface Props {
  query: string;
  onQuery(query: string): void;
  /** Position of the current match (0-based, -1 for none) and how many lines match. */
  current: number;
  count: number;
  onStep(step: 1 | -1): void;
}

export function LogSearch({ query, onQuery, current, count, onStep }: Props) {
  return (
    <div className="log-search" role="search">
      <input
        type="search"
        placeholder="Search logs"
        aria-label="Search logs"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onStep(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') onQuery('');
        }}
      />
      <button type="button" className="ghost" aria-label="Previous match" title="Previous match (Shift+Enter)"
        disabled={count === 0} onClick={() => onStep(-1)}>
        ↑
      </button>
      <button type="button" className="ghost" aria-label="Next match" title="Next match (Enter)"
        disabled={count === 0} onClick={() => onStep(1)}>
        ↓
      </button>
      {query !== '' && (
        <span className="muted small" data-testid="match-count" aria-live="polite">
          {count === 0 ? 'no matches' : `${current >= 0 ? current + 1 : 0} of ${count}`}
        </span>
      )}
    </div>
  );
}
