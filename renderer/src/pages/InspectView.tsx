/** The Inspect tab: docker's inspect document, as a tree or raw JSON. */
import { useEffect, useState } from 'react';
import type { ContainerInspect } from '../../../preload/contract/dto';
import type { BerthError } from '../../../preload/contract/errors';
import { api } from '../api/client';
import { JsonTree } from '../components/JsonTree';
import { ErrorBox, Loading } from '../components/States';
import { toBerthError } from '../stores/list-store';

interface Loaded {
  key: string;
  doc?: ContainerInspect;
  error?: BerthError;
}

/** `version` changes when the container does (state, restart), to fetch again. */
export function InspectView({ id, version }: { id: string; version: string }) {
  const key = `${id}|${version}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [raw, setRaw] = useState(false);
  useEffect(() => {
    let live = true;
    api.call('containers:inspect', { id }).then(
      (doc) => live && setLoaded({ key, doc }),
      (error: unknown) => live && setLoaded({ key, error: toBerthError(error) }),
    );
    return () => {
      live = false;
    };
  }, [id, key]);

  // While a newer document loads, the previous one stays on screen.
  const current = loaded;
  if (!current) return <Loading label="Inspecting…" />;
  if (current.error) {
    const message = current.error.code === 'not-found' ? `No such container: ${id}` : current.error.message;
    return <ErrorBox error={message} />;
  }
  return (
    <div className="inspect">
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} />
          Raw JSON
        </label>
      </div>
      {raw ? (
        <pre className="json-raw" data-testid="inspect-json">
          {JSON.stringify(current.doc?.raw, null, 2)}
        </pre>
      ) : (
        <JsonTree value={current.doc?.raw} />
      )}
    </div>
  );
}
