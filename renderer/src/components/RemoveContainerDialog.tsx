/** Confirms removing one or more containers, with the volumes and force options. */
import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

export interface RemoveOptions {
  volumes: boolean;
  force: boolean;
}

interface Props {
  /** What is removed, e.g. "web-1" or "3 containers of shop". */
  what: string;
  /** Some of them are running: offer force, checked. */
  running: boolean;
  onConfirm(options: RemoveOptions): void;
  onCancel(): void;
}

export function RemoveContainerDialog({ what, running, onConfirm, onCancel }: Props) {
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
          Force: stop it first (it is running)
        </label>
      )}
    </ConfirmDialog>
  );
}
