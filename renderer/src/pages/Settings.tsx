/** The settings form: per-field checks, the restart a change costs (before Apply), Apply and Reset. */
import { useMemo } from 'react';
import type { BackendChoice, PortBindPolicy, RestartImpact, Theme } from '../../../preload/contract/settings';
import { impactOfChange } from '../../../preload/contract/settings';
import { ErrorBox, Loading } from '../components/States';
import { changedKeys, validateSettings } from '../settings/validation';
import { useEngine } from '../stores/engine';
import { useSettings } from '../stores/settings';
import { runAction, useToasts } from '../stores/toasts';
import { NumberField } from './NumberField';
import { SharesEditor } from './SharesEditor';

export const IMPACT_NOTICE: Record<RestartImpact, string> = {
  'vm-restart': 'Applying restarts the VM: running containers stop and start again.',
  'engine-restart': 'Applying restarts the engine: running containers stop and start again.',
  none: 'Applying takes effect right away; nothing restarts.',
};

const PENDING: Record<Exclude<RestartImpact, 'none'>, string> = {
  'vm-restart': 'Saved changes take effect when the VM restarts.',
  'engine-restart': 'Saved changes take effect when the engine restarts.',
};

export function SettingsPage() {
  const snapshot = useSettings((s) => s.snapshot);
  const draft = useSettings((s) => s.draft);
  const loadError = useSettings((s) => s.loadError);
  const applying = useSettings((s) => s.applying);
  const applyError = useSettings((s) => s.applyError);
  const { edit, reset, apply, refresh } = useSettings.getState();
  const engineBusy = useEngine((s) => s.busy);
  const restart = useEngine((s) => s.command);

  const errors = useMemo(() => (draft && snapshot ? validateSettings(draft, snapshot.limits) : {}), [draft, snapshot]);
  const changed = useMemo(() => (draft && snapshot ? changedKeys(snapshot.settings, draft) : []), [draft, snapshot]);

  if (!snapshot || !draft) {
    return (
      <section className="page">
        {loadError ? <ErrorBox error={loadError} onRetry={() => void refresh()} /> : <Loading label="Loading settings…" />}
      </section>
    );
  }
  const invalid = Object.keys(errors).length > 0;
  const impact = impactOfChange(snapshot.settings, draft);
  const { limits } = snapshot;

  return (
    <section className="page settings">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      {snapshot.warnings.map((w) => (
        <div key={w} className="notice warn" role="alert">
          {w}
        </div>
      ))}
      {snapshot.pendingRestart !== 'none' && (
        <div className="notice info" data-testid="pending-restart">
          {PENDING[snapshot.pendingRestart]}
          <button type="button" disabled={engineBusy !== null}
            onClick={() => void runAction('Restart engine', () => restart('engine:restart'))}>
            Restart now
          </button>
        </div>
      )}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (invalid || changed.length === 0) return;
          void apply().then((ok) => ok && useToasts.getState().push('info', 'Settings saved.'));
        }}
      >
        <fieldset>
          <legend>Engine</legend>
          <div className="field">
            <label htmlFor="backend">Backend</label>
            <select id="backend" value={draft.backend} onChange={(e) => edit({ backend: e.target.value as BackendChoice })}>
              <option value="auto">Automatic</option>
              <option value="native">Native (this computer's Docker Engine)</option>
              <option value="qemu">QEMU virtual machine</option>
            </select>
          </div>
          <NumberField id="cpus" label="CPUs" value={draft.cpus} range={limits.cpus} error={errors.cpus} onChange={(cpus) => edit({ cpus })} />
          <NumberField id="memory" label="Memory (MiB)" value={draft.memoryMiB} range={limits.memoryMiB} step={256} error={errors.memoryMiB} onChange={(memoryMiB) => edit({ memoryMiB })} />
          <NumberField id="disk" label="Disk (GiB)" value={draft.diskGiB} range={limits.diskGiB} error={errors.diskGiB} onChange={(diskGiB) => edit({ diskGiB })} />
        </fieldset>

        <SharesEditor shares={draft.shares} errors={errors} onChange={(shares) => edit({ shares })} />

        <fieldset>
          <legend>Network and app</legend>
          <div className="field">
            <label htmlFor="port-policy">Publish ports on</label>
            <select id="port-policy" value={draft.portBindPolicy} onChange={(e) => edit({ portBindPolicy: e.target.value as PortBindPolicy })}>
              <option value="localhost">Localhost only (127.0.0.1)</option>
              <option value="all-interfaces">All interfaces</option>
            </select>
          </div>
          <div className="field">
            <label className="check">
              <input type="checkbox" checked={draft.startAtLogin} onChange={(e) => edit({ startAtLogin: e.target.checked })} />
              Start at login
            </label>
          </div>
          <div className="field">
            <label htmlFor="theme">Theme</label>
            <select id="theme" value={draft.theme} onChange={(e) => edit({ theme: e.target.value as Theme })}>
              <option value="system">System</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </div>
        </fieldset>

        {changed.length > 0 && (
          <div className={`notice ${impact === 'none' ? 'info' : 'warn'}`} data-testid="restart-impact" role="status">
            {IMPACT_NOTICE[impact]}
          </div>
        )}
        {applyError && (
          <div className="error-box" role="alert" data-testid="apply-error">
            {applyError}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={applying || invalid || changed.length === 0}>
            Apply
          </button>
          <button type="button" disabled={applying || changed.length === 0} onClick={reset}>
            Reset
          </button>
          <span className="muted small">
            Settings file: <code>{snapshot.path}</code>
          </span>
        </div>
      </form>
    </section>
  );
}
