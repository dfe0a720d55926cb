/** The settings form: per-field checks, the restart a change costs on the engine that runs (before Apply), Apply and Reset. */
import { useMemo } from 'react';
import type { AcceleratorChoice, BackendChoice, PortBindPolicy, Theme } from '../../../preload/contract/settings';
import { useOnline } from '../api/connection';
import { ErrorBox, Loading } from '../components/States';
import { PENDING_TEXT, VM_ONLY_HINT, backendInUse, impactNotice, runningBackend } from '../settings/impact';
import { GUEST_IMAGE_LABEL, changedKeys, validateSettings } from '../settings/validation';
import { useEngine } from '../stores/engine';
import { useSettings } from '../stores/settings';
import { runAction, useToasts } from '../stores/toasts';
import { NumberField } from './NumberField';
import { SharesEditor } from './SharesEditor';
import { SharingOptions } from './SharingOptions';
import { useShares } from '../stores/shares';

const BACKENDS: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Automatic (native if available, else QEMU)' },
  { value: 'native', label: 'Native (this computer’s Docker Engine)' },
  { value: 'qemu', label: 'QEMU virtual machine' },
];

const ACCELERATORS: { value: AcceleratorChoice; label: string }[] = [
  { value: 'auto', label: 'Automatic (hardware where available, else emulation)' },
  { value: 'kvm', label: 'KVM (Linux)' },
  { value: 'hvf', label: 'Hypervisor.framework (macOS)' },
  { value: 'whpx', label: 'Windows Hypervisor Platform' },
  { value: 'tcg', label: 'TCG software emulation (slow)' },
];

function Hint({ id, text }: { id: string; text: string | null }) {
  return text ? (
    <span id={id} className="hint hint-vm">
      {text}
    </span>
  ) : null;
}

export function SettingsPage() {
  const snapshot = useSettings((s) => s.snapshot);
  const draft = useSettings((s) => s.draft);
  const loadError = useSettings((s) => s.loadError);
  const applying = useSettings((s) => s.applying);
  const applyError = useSettings((s) => s.applyError);
  const { edit, reset, apply, refresh } = useSettings.getState();
  const status = useEngine((s) => s.status);
  const engineBusy = useEngine((s) => s.busy);
  const command = useEngine((s) => s.command);
  const online = useOnline();

  const errors = useMemo(() => (draft && snapshot ? validateSettings(draft, snapshot.limits) : {}), [draft, snapshot]);
  const sharesReport = useShares((s) => s.report);
  const changed = useMemo(() => (draft && snapshot ? changedKeys(snapshot.settings, draft) : []), [draft, snapshot]);

  if (!snapshot || !draft) {
    return (
      <section className="page">
        {loadError ? <ErrorBox error={loadError} onRetry={() => void refresh()} /> : <Loading label="Loading settings…" />}
      </section>
    );
  }
  const invalid = Object.keys(errors).length > 0;
  const running = runningBackend(status);
  const notice = impactNotice(snapshot.settings, draft, running);
  const vmHint = backendInUse(draft, status) === 'native' ? VM_ONLY_HINT : null;
  const { limits } = snapshot;
  const restart = () => runAction('Restart engine', () => command('engine:restart'));

  const submit = async () => {
    // What the notice promised: restart only when it said so and the server agrees.
    const promised = notice?.impact ?? 'none';
    if (!(await apply())) return;
    const impact = useSettings.getState().lastImpact ?? 'none';
    const toast = useToasts.getState();
    if (promised !== 'none' && impact !== 'none') {
      toast.push('info', `Settings saved; restarting the ${impact === 'vm-restart' ? 'VM' : 'engine'}…`);
      await restart();
    } else {
      toast.push('info', notice && notice.impact === 'none' && notice.text.startsWith('Saved') ? notice.text : 'Settings saved.');
    }
  };

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
          {PENDING_TEXT[snapshot.pendingRestart]}
          <button type="button" disabled={!online || engineBusy !== null} onClick={() => void restart()}>
            Restart now
          </button>
        </div>
      )}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (invalid || changed.length === 0 || !online) return;
          void submit();
        }}
      >
        <fieldset>
          <legend>Engine</legend>
          <div className="field">
            <label htmlFor="backend">Backend</label>
            <select id="backend" value={draft.backend} onChange={(e) => edit({ backend: e.target.value as BackendChoice })}>
              {BACKENDS.map((b) => (
                <option key={b.value} value={b.value}>
                  {b.label}
                </option>
              ))}
            </select>
            {running && <span className="hint">Running: {running === 'native' ? 'native' : 'QEMU'}</span>}
          </div>
          <div className="field">
            <label htmlFor="port-policy">Publish ports on</label>
            <select id="port-policy" value={draft.portBindPolicy} onChange={(e) => edit({ portBindPolicy: e.target.value as PortBindPolicy })}>
              <option value="localhost">Localhost only (127.0.0.1)</option>
              <option value="all-interfaces">All interfaces</option>
            </select>
          </div>
        </fieldset>

        <fieldset>
          <legend>Virtual machine</legend>
          <div className="field">
            <label htmlFor="accelerator">Accelerator</label>
            <select
              id="accelerator"
              value={draft.accelerator}
              aria-describedby={vmHint ? 'accelerator-hint' : undefined}
              onChange={(e) => edit({ accelerator: e.target.value as AcceleratorChoice })}
            >
              {ACCELERATORS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
            <Hint id="accelerator-hint" text={vmHint} />
          </div>
          <NumberField id="cpus" label="CPUs" value={draft.cpus} range={limits.cpus} error={errors.cpus} hint={vmHint} onChange={(cpus) => edit({ cpus })} />
          <NumberField id="memory" label="Memory (MiB)" value={draft.memoryMiB} range={limits.memoryMiB} step={256} error={errors.memoryMiB} hint={vmHint} onChange={(memoryMiB) => edit({ memoryMiB })} />
          <NumberField id="disk" label="Disk (GiB)" value={draft.diskGiB} range={limits.diskGiB} error={errors.diskGiB} hint={vmHint} onChange={(diskGiB) => edit({ diskGiB })} />
          <div className="field">
            <label htmlFor="guest-image">{GUEST_IMAGE_LABEL}</label>
            <input
              id="guest-image"
              type="text"
              size={44}
              spellCheck={false}
              placeholder="Optional: the default image"
              value={draft.guestImagePath ?? ''}
              aria-invalid={errors.guestImagePath ? true : undefined}
              aria-describedby={
                [errors.guestImagePath ? 'guest-image-error' : '', vmHint ? 'guest-image-hint' : ''].filter(Boolean).join(' ') || undefined
              }
              onChange={(e) => edit({ guestImagePath: e.target.value.trim() === '' ? null : e.target.value })}
            />
            <Hint id="guest-image-hint" text={vmHint} />
            {errors.guestImagePath && (
              <div id="guest-image-error" className="field-error" role="alert">
                {errors.guestImagePath}
              </div>
            )}
          </div>
        </fieldset>

        <SharesEditor shares={draft.shares} errors={errors} hint={vmHint} report={sharesReport} onChange={(shares) => edit({ shares })}>
          <SharingOptions mechanism={draft.shareMechanism} ignore={draft.fileWatchIgnore} hint={vmHint} onChange={edit} />
        </SharesEditor>

        <fieldset>
          <legend>App</legend>
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

        {notice && (
          <div className={`notice ${notice.tone}`} data-testid="restart-impact" data-impact={notice.impact} role="status">
            {notice.text}
          </div>
        )}
        {applyError && (
          <div className="error-box" role="alert" data-testid="apply-error">
            {applyError}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!online || applying || invalid || changed.length === 0}>
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
