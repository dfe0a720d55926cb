/** The header row of a compose project, with its bulk actions; its containers' rows show each action in flight. */
import { useState } from 'react';
import type { ContainerGroup, ContainerSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { Icon } from '../components/icons';
import { RemoveContainerDialog, type RemoveOptions } from '../components/RemoveContainerDialog';
import { ACTION_LABEL, isActive, type ContainerAction } from '../lib/container-actions';
import { formatHash } from '../lib/routes';
import { trackAction, useContainerOps } from '../stores/container-ops';
import { runAction } from '../stores/toasts';

interface Props {
  group: ContainerGroup & { project: string };
  expanded: boolean;
  onToggle(): void;
}

export function GroupHeader({ group, expanded, onToggle }: Props) {
  const { project, containers } = group;
  const [confirming, setConfirming] = useState(false);
  const online = useOnline();
  // Busy while any of its containers has an action in flight, whoever started it.
  const busy = useContainerOps((s) => containers.some((c) => (s.inFlight[c.id]?.length ?? 0) > 0));
  const running = containers.filter((c) => isActive(c.state));
  const startable = containers.filter((c) => c.state === 'created' || c.state === 'exited');
  const disabled = busy || !online;

  // Each container is marked in flight until its own call answers, so its row says "Stopping…" meanwhile.
  const each = (action: ContainerAction, list: ContainerSummary[], call: (id: string) => Promise<unknown>) =>
    Promise.all(list.map((c) => trackAction([c.id], action, () => runAction(`${ACTION_LABEL[action]} ${c.name}`, () => call(c.id)))));

  const removeAll = (o: RemoveOptions) => {
    setConfirming(false);
    void each('remove', containers, (id) => api.call('containers:remove', { id, ...o }));
  };

  return (
    <tr className="group-row" data-testid="group-row" data-project={project} aria-busy={busy || undefined}>
      <th colSpan={5} scope="rowgroup">
        <button type="button" className="ghost toggle" aria-expanded={expanded} onClick={onToggle}>
          <span className={expanded ? 'chevron open' : 'chevron'} aria-hidden="true">▸</span>
          <span className="project-name">{project}</span>
        </button>
        <span className="count">
          {running.length}/{containers.length} running
        </span>
        <a className="group-logs" href={formatHash({ page: 'project-logs', project })} aria-label={`Logs of ${project}`}>
          Logs
        </a>
      </th>
      <td className="actions-cell">
        <div className="actions compact">
          <button type="button" aria-label={`Start all in ${project}`} title={`Start all in ${project}`}
            disabled={disabled || startable.length === 0}
            onClick={() => void each('start', startable, (id) => api.call('containers:start', { id }))}>
            <Icon name="start" />
          </button>
          <button type="button" aria-label={`Stop all in ${project}`} title={`Stop all in ${project}`}
            disabled={disabled || running.length === 0}
            onClick={() => void each('stop', running, (id) => api.call('containers:stop', { id }))}>
            <Icon name="stop" />
          </button>
          <button type="button" className="action-remove" aria-label={`Remove all in ${project}`} title={`Remove all in ${project}`}
            disabled={disabled} onClick={() => setConfirming(true)}>
            <Icon name="remove" />
          </button>
        </div>
        {confirming && (
          <RemoveContainerDialog
            what={`all ${containers.length} containers of ${project}`}
            running={running.length > 0}
            group
            onConfirm={removeAll}
            onCancel={() => setConfirming(false)}
          />
        )}
      </td>
    </tr>
  );
}
