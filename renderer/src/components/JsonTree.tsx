/** Collapsible JSON on native <details>; the top level starts open. */
type Json = unknown;

function Leaf({ value }: { value: Json }) {
  const kind = value === null ? 'null' : typeof value;
  return <span className={`json-${kind}`}>{JSON.stringify(value) ?? String(value)}</span>;
}

function Node({ name, value, depth }: { name: string | null; value: Json; depth: number }) {
  const label = name === null ? null : <span className="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-row">
        {label}
        <Leaf value={value} />
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string, Json][] = isArray
    ? (value as Json[]).map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, Json>);
  const brackets = isArray ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0) {
    return (
      <div className="json-row">
        {label}
        <span className="json-muted">{isArray ? '[]' : '{}'}</span>
      </div>
    );
  }
  return (
    <details className="json-node" open={depth < 1}>
      <summary>
        {label}
        <span className="json-muted">{brackets}</span>
      </summary>
      <div className="json-children">
        {entries.map(([key, child]) => (
          <Node key={key} name={key} value={child} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}

export function JsonTree({ value }: { value: Json }) {
  return (
    <div className="json-tree" data-testid="inspect-tree">
      <Node name={null} value={value} depth={0} />
    </div>
  );
}
