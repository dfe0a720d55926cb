/** "Stopping…" next to a container's state while an action on it runs. */
import { rowActionState } from '../lib/container-actions';
import type { ContainerSummary } from '../../../preload/contract/dto';
import { useInFlight } from '../stores/container-ops';

export function ActionProgress({ container }: { container: Pick<ContainerSummary, 'id' | 'state'> }) {
  const inFlight = useInFlight(container.id);
  const { progress } = rowActionState(container.state, inFlight);
  if (!progress) return null;
  return (
    <span className="badge pending" data-testid="action-progress" role="status">
      <span className="spinner" aria-hidden="true" /> {progress}
    </span>
  );
}
