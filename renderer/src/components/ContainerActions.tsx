/** The action buttons valid for one container's state; remove asks first. */
import { useState } from 'react';
import type { ContainerSummary } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { ACTION_LABEL, actionsFor, isActive, type ContainerAction } from '../lib/container-actions';
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
  const [busy, setBusy] = useState<ContainerAction | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { id, name } = container;

  async function run(action: ContainerAction, call: () => Promise<unknown>) {
    setBusy(action);
    const ok = await runAction(`${ACTION_LABEL[action]} ${name}`, call);
    setBusy(null);
    return ok;
  }

  const simple = (action: Simple) =>
    run(action, () => api.call(`containers:${action}` as 'containers:start', { id }));

  const remove = async (options: RemoveOptions) => {
    setConfirming(false);
    if (await run('remove', () => api.call('containers:remove', { id, ...options }))) onRemoved?.();
  };

  return (
    <div className={compact ? 'actions compact' : 'actions'}>
      {actionsFor(container.state).map((action) => (
        <button
          key={action}
          type="button"
          className={`action action-${action}`}
          aria-label={`${ACTION_LABEL[action]} ${name}`}
          title={`${ACTION_LABEL[action]} ${name}`}
          disabled={busy !== null}
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
