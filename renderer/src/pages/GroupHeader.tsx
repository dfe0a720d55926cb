/** The header row of a compose project, with its bulk actions. */
import { useState } from 'react';
import type { ContainerGroup } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { Icon } from '../components/icons';
import { RemoveContainerDialog, type RemoveOptions } from '../components/RemoveContainerDialog';
import { isActive } from '../lib/container-actions';
import { runAction } from '../stores/toasts';

interface Props {
  group: ContainerGroup & { project: string };
  expanded: boolean;
  onToggle(): void;
}

export function GroupHeader({ group, expanded, onToggle }: Props) {
  const { project, containers } = group;
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const running = containers.filter((c) => isActive(c.state));
  const startable = containers.filter((c) => c.state === 'created' || c.state === 'exited');

  async function each(label: string, list: typeof containers, call: (id: string) => Promise<unknown>) {
    setBusy(true);
    await Promise.all(list.map((c) => runAction(`${label} ${c.name}`, () => call(c.id))));
    setBusy(false);
  }

  const removeAll = (o: RemoveOptions) => {
    setConfirming(false);
    void each('Remove', containers, (id) => api.call('containers:remove', { id, ...o }));
  };

  return (
    <tr className="group-row" data-testid="group-row" data-project={project}>
      <th colSpan={5} scope="rowgroup">
        <button type="button" className="ghost toggle" aria-expanded={expanded} onClick={onToggle}>
          <span className={expanded ? 'chevron open' : 'chevron'} aria-hidden="true">▸</span>
          <span className="project-name">{project}</span>
        </button>
        <span className="count">
          {running.length}/{containers.length} running
        </span>
      </th>
      <td className="actions-cell">
        <div className="actions compact">
          <button type="button" aria-label={`Start all in ${project}`} title={`Start all in ${project}`}
            disabled={busy || startable.length === 0}
            onClick={() => void each('Start', startable, (id) => api.call('containers:start', { id }))}>
            <Icon name="start" />
          </button>
          <button type="button" aria-label={`Stop all in ${project}`} title={`Stop all in ${project}`}
            disabled={busy || running.length === 0}
            onClick={() => void each('Stop', running, (id) => api.call('containers:stop', { id }))}>
            <Icon name="stop" />
          </button>
          <button type="button" className="action-remove" aria-label={`Remove all in ${project}`} title={`Remove all in ${project}`}
            disabled={busy} onClick={() => setConfirming(true)}>
            <Icon name="remove" />
          </button>
        </div>
        {confirming && (
          <RemoveContainerDialog
            what={`all ${containers.length} containers of ${project}`}
            running={running.length > 0}
            onConfirm={removeAll}
            onCancel={() => setConfirming(false)}
          />
        )}
      </td>
    </tr>
  );
}
