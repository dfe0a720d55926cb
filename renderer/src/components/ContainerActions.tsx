/**
 * The action buttons valid for one container's state; remove asks first.
 * While an action runs (its own or its compose project's), the others wait
 * and only Kill stays enabled: a stop can take the container's whole timeout.
 */
import { useState } from 'react';
import type { ContainerSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { ACTION_LABEL, isActive, rowActionState, type ContainerAction } from '../lib/container-actions';
import { trackAction, useInFlight } from '../stores/container-ops';
import { runAction } from '../stores/toasts';
import { Icon } from './icons';
import { RemoveContainerDialog, type RemoveOptions } from './RemoveContainerDialog';

interface Props {
  container: ContainerSummary;
  /** Icons only (table rows) or icons with text (detail header). */
  compact?: boolean;
  onRemoved?(): void;
}

type Simple = Exclude<ContainerAction, 'remove'>;

export function ContainerActions({ container, compact = true, onRemoved }: Props) {
  const [confirming, setConfirming] = useState(false);
  const inFlight = useInFlight(container.id);
  const online = useOnline();
  const { id, name } = container;
  const view = rowActionState(container.state, inFlight, !online);

  const run = (action: ContainerAction, call: () => Promise<unknown>) =>
    trackAction([id], action, () => runAction(`${ACTION_LABEL[action]} ${name}`, call));

  const simple = (action: Simple) => run(action, () => api.call(`containers:${action}` as 'containers:start', { id }));

  const remove = async (options: RemoveOptions) => {
    setConfirming(false);
    if (await run('remove', () => api.call('containers:remove', { id, ...options }))) onRemoved?.();
  };

  return (
    <div className={compact ? 'actions compact' : 'actions'} aria-busy={inFlight.length > 0 || undefined}>
      {view.buttons.map(({ action, disabled }) => (
        <button
          key={action}
          type="button"
          className={`action action-${action}`}
          aria-label={`${ACTION_LABEL[action]} ${name}`}
          title={`${ACTION_LABEL[action]} ${name}`}
          disabled={disabled}
          onClick={() => (action === 'remove' ? setConfirming(true) : void simple(action))}
        >
          <Icon name={action} />
          {!compact && <span>{ACTION_LABEL[action]}</span>}
        </button>
      ))}
      {confirming && (
        <RemoveContainerDialog
          what={name}
          running={isActive(container.state)}
          onConfirm={(o) => void remove(o)}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  );
}
