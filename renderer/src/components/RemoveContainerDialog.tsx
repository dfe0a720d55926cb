/** Confirms removing one container or a compose project's, with the volumes and force options. */
import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

export interface RemoveOptions {
  volumes: boolean;
  force: boolean;
}

interface Props {
  /** What is removed, e.g. "web-1" or "all 3 containers of shop". */
  what: string;
  /** Some of them are running: offer force, checked. */
  running: boolean;
  /** Several containers (a compose project), not one. */
  group?: boolean;
  onConfirm(options: RemoveOptions): void;
  onCancel(): void;
}

export function forceLabel(group: boolean): string {
  return group ? 'Force: stop running containers first' : 'Force: stop it first (it is running)';
}

export function RemoveContainerDialog({ what, running, group = false, onConfirm, onCancel }: Props) {
  const [volumes, setVolumes] = useState(false);
  const [force, setForce] = useState(running);
  return (
    <ConfirmDialog
      title={`Remove ${what}?`}
      confirmLabel="Remove"
      onConfirm={() => onConfirm({ volumes, force })}
      onCancel={onCancel}
    >
      <p>This cannot be undone.</p>
      <label className="check">
        <input type="checkbox" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} />
        Also remove anonymous volumes
      </label>
      {running && (
        <label className="check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {forceLabel(group)}
        </label>
      )}
    </ConfirmDialog>
  );
}
