/** The merged logs of a compose project: every container sharing its com.docker.compose.project label, one colour each. */
import { useMemo } from 'react';
import { EngineNotRunning, engineIsUp } from '../components/EngineGate';
import { ErrorBox, Loading } from '../components/States';
import { projectSources } from '../logs/project-sources';
import { useContainers } from '../stores/containers';
import { useEngine } from '../stores/engine';
import { LogsView } from './LogsView';

export function ProjectLogsPage({ project }: { project: string }) {
  const items = useContainers((s) => s.items);
  const error = useContainers((s) => s.error);
  const engineState = useEngine((s) => s.status?.state);
  const sources = useMemo(() => (items ? projectSources(items, project) : []), [items, project]);
  // A container that starts again (or joins) renews the streams.
  const run = useMemo(
    () => (items ?? []).filter((c) => c.project === project).map((c) => `${c.id}@${c.startedAt ?? 'none'}`).sort().join(','),
    [items, project],
  );

  const back = (
    <a href="#/containers" className="crumb" aria-label="Back to the container list">
      ← Back
    </a>
  );
  let body;
  if ((engineState && !engineIsUp(engineState)) || error?.code === 'engine-unavailable') body = <EngineNotRunning />;
  else if (!items) body = error ? <ErrorBox error={error} /> : <Loading label="Loading containers…" />;
  else if (sources.length === 0) {
    body = (
      <div className="error-box" role="alert">
        No containers belong to the compose project {project}.
      </div>
    );
  } else body = <LogsView key={project} sources={sources} run={run} name={project} />;

  return (
    <section className="page detail">
      {back}
      <header className="page-header">
        <h1>{project} — logs</h1>
      </header>
      <div className="tab-panel">{body}</div>
    </section>
  );
}
