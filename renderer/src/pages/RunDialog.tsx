/**
 * Run a container from an image: a modal form checked by validateRunForm
 * before anything is sent; the engine's refusal is shown in its own words.
 */
import { useId, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useModalDialog } from '../components/use-modal-dialog';
import type { RestartPolicyName } from '../../../preload/contract/images';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { bindsOutsideShares, emptyRunForm, validateRunForm, type FieldErrors, type RunForm } from '../images/run-form';
import { useEngine } from '../stores/engine';
import { toBerthError } from '../stores/list-store';
import { useSettings } from '../stores/settings';
import { useToasts } from '../stores/toasts';
import { useVolumes } from '../stores/volumes';
import '../images/images.css';

const RESTART: Array<[RestartPolicyName, string]> = [
  ['no', 'Never'],
  ['on-failure', 'On failure'],
  ['unless-stopped', 'Unless stopped'],
  ['always', 'Always'],
];

function FieldError({ errors, at }: { errors: FieldErrors; at: string }) {
  const message = errors[at];
  return message ? <span className="field-error" id={`${at}-error`}>{message}</span> : null;
}

function invalidProps(errors: FieldErrors, at: string) {
  return errors[at] ? { 'aria-invalid': true, 'aria-describedby': `${at}-error` } : {};
}

function Rows({ legend, addLabel, onAdd, children }: { legend: string; addLabel: string; onAdd(): void; children: ReactNode }) {
  return (
    <fieldset className="run-rows">
      <legend>{legend}</legend>
      {children}
      <button type="button" className="add-row" onClick={onAdd}>{addLabel}</button>
    </fieldset>
  );
}

export function RunDialog({ image, onClose }: { image: string; onClose(): void }) {
  const ref = useModalDialog();
  const titleId = useId();
  const [form, setForm] = useState<RunForm>(() => emptyRunForm(image));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const shares = useSettings((s) => s.snapshot?.settings.shares) ?? [];
  const backend = useEngine((s) => s.status?.backend ?? null);
  const volumeNames = useVolumes((s) => s.items)?.map((v) => v.name) ?? [];
  const outside = bindsOutsideShares(form.binds, shares, backend);


  const update = (patch: Partial<RunForm>) => setForm((f) => ({ ...f, ...patch }));
  function row<K extends 'ports' | 'binds' | 'volumes' | 'env'>(key: K, i: number, patch: Partial<RunForm[K][number]>) {
    setForm((f) => ({ ...f, [key]: f[key].map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  }
  function drop(key: 'ports' | 'binds' | 'volumes' | 'env', i: number) {
    setForm((f) => ({ ...f, [key]: f[key].filter((_, j) => j !== i) }));
  }

  const run = async () => {
    const check = validateRunForm(form);
    setErrors(check.errors);
    setRefusal(null);
    if (!check.spec) return;
    setBusy(true);
    try {
      const { id } = await api.call('containers:run', check.spec);
      useToasts.getState().push('info', `Started ${check.spec.name ?? id.slice(0, 12)} from ${check.spec.image}`);
      onClose();
    } catch (error) {
      setRefusal(toBerthError(error).message);
    } finally {
      setBusy(false);
    }
  };

  return createPortal(
    <dialog ref={ref} className="dialog run-dialog" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <h2 id={titleId}>Run {image}</h2>
        <div className="dialog-body run-form">
          <label className="run-field">
            <span>Container name</span>
            <input value={form.name} placeholder="optional; the engine picks one" onChange={(e) => update({ name: e.target.value })} {...invalidProps(errors, 'name')} />
            <FieldError errors={errors} at="name" />
          </label>

          <Rows legend="Ports" addLabel="Add port" onAdd={() => update({ ports: [...form.ports, { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }] })}>
            {form.ports.map((p, i) => (
              <div className="run-row" key={i} data-testid="run-port-row">
                <input aria-label={`Host IP ${i + 1}`} placeholder="host IP (all)" value={p.hostIp} onChange={(e) => row('ports', i, { hostIp: e.target.value })} {...invalidProps(errors, `ports.${i}.hostIp`)} />
                <input aria-label={`Host port ${i + 1}`} placeholder="host port (any)" inputMode="numeric" value={p.hostPort} onChange={(e) => row('ports', i, { hostPort: e.target.value })} {...invalidProps(errors, `ports.${i}.hostPort`)} />
                <span aria-hidden="true">→</span>
                <input aria-label={`Container port ${i + 1}`} placeholder="container port" inputMode="numeric" value={p.containerPort} onChange={(e) => row('ports', i, { containerPort: e.target.value })} {...invalidProps(errors, `ports.${i}.containerPort`)} />
                <select aria-label={`Protocol ${i + 1}`} value={p.protocol} onChange={(e) => row('ports', i, { protocol: e.target.value as 'tcp' | 'udp' })}>
                  <option value="tcp">TCP</option>
                  <option value="udp">UDP</option>
                </select>
                <button type="button" aria-label={`Remove port ${i + 1}`} onClick={() => drop('ports', i)}>✕</button>
                <FieldError errors={errors} at={`ports.${i}.hostIp`} />
                <FieldError errors={errors} at={`ports.${i}.hostPort`} />
                <FieldError errors={errors} at={`ports.${i}.containerPort`} />
              </div>
            ))}
          </Rows>

          <Rows legend="Folders (bind mounts)" addLabel="Add folder" onAdd={() => update({ binds: [...form.binds, { hostPath: '', containerPath: '', readOnly: false }] })}>
            {form.binds.map((b, i) => (
              <div className="run-row" key={i} data-testid="run-bind-row">
                <input aria-label={`Host folder ${i + 1}`} placeholder="/path/on/this/computer" value={b.hostPath} onChange={(e) => row('binds', i, { hostPath: e.target.value })} {...invalidProps(errors, `binds.${i}.hostPath`)} />
                <span aria-hidden="true">→</span>
                <input aria-label={`Folder path in container ${i + 1}`} placeholder="/path/in/container" value={b.containerPath} onChange={(e) => row('binds', i, { containerPath: e.target.value })} {...invalidProps(errors, `binds.${i}.containerPath`)} />
                <label className="check"><input type="checkbox" checked={b.readOnly} onChange={(e) => row('binds', i, { readOnly: e.target.checked })} />read-only</label>
                <button type="button" aria-label={`Remove folder ${i + 1}`} onClick={() => drop('binds', i)}>✕</button>
                <FieldError errors={errors} at={`binds.${i}.hostPath`} />
                <FieldError errors={errors} at={`binds.${i}.containerPath`} />
                {outside.has(i) && <span className="notice warn run-flag" data-testid="bind-outside-shares">{outside.get(i)}</span>}
              </div>
            ))}
          </Rows>

          <Rows legend="Named volumes" addLabel="Add volume" onAdd={() => update({ volumes: [...form.volumes, { name: '', containerPath: '', readOnly: false }] })}>
            {form.volumes.map((v, i) => (
              <div className="run-row" key={i} data-testid="run-volume-row">
                <input aria-label={`Volume name ${i + 1}`} placeholder="volume (new or existing)" list="run-volume-names" value={v.name} onChange={(e) => row('volumes', i, { name: e.target.value })} {...invalidProps(errors, `volumes.${i}.name`)} />
                <span aria-hidden="true">→</span>
                <input aria-label={`Volume path in container ${i + 1}`} placeholder="/path/in/container" value={v.containerPath} onChange={(e) => row('volumes', i, { containerPath: e.target.value })} {...invalidProps(errors, `volumes.${i}.containerPath`)} />
                <label className="check"><input type="checkbox" checked={v.readOnly} onChange={(e) => row('volumes', i, { readOnly: e.target.checked })} />read-only</label>
                <button type="button" aria-label={`Remove volume ${i + 1}`} onClick={() => drop('volumes', i)}>✕</button>
                <FieldError errors={errors} at={`volumes.${i}.name`} />
                <FieldError errors={errors} at={`volumes.${i}.containerPath`} />
              </div>
            ))}
            <datalist id="run-volume-names">{volumeNames.map((n) => <option key={n} value={n} />)}</datalist>
          </Rows>

          <Rows legend="Environment variables" addLabel="Add variable" onAdd={() => update({ env: [...form.env, { name: '', value: '' }] })}>
            {form.env.map((v, i) => (
              <div className="run-row" key={i} data-testid="run-env-row">
                <input aria-label={`Variable name ${i + 1}`} placeholder="NAME" value={v.name} onChange={(e) => row('env', i, { name: e.target.value })} {...invalidProps(errors, `env.${i}.name`)} />
                <span aria-hidden="true">=</span>
                <input aria-label={`Variable value ${i + 1}`} placeholder="value" value={v.value} onChange={(e) => row('env', i, { value: e.target.value })} />
                <button type="button" aria-label={`Remove variable ${i + 1}`} onClick={() => drop('env', i)}>✕</button>
                <FieldError errors={errors} at={`env.${i}.name`} />
              </div>
            ))}
          </Rows>

          <div className="run-pair">
            <label className="run-field">
              <span>Network</span>
              <input value={form.network} placeholder="default (bridge)" onChange={(e) => update({ network: e.target.value })} {...invalidProps(errors, 'network')} />
              <FieldError errors={errors} at="network" />
            </label>
            <label className="run-field">
              <span>Restart policy</span>
              <select value={form.restartPolicy} onChange={(e) => update({ restartPolicy: e.target.value as RestartPolicyName })}>
                {RESTART.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
            </label>
          </div>

          <label className="run-field">
            <span>Command</span>
            <input value={form.command} placeholder="the image's own command" spellCheck={false} onChange={(e) => update({ command: e.target.value })} {...invalidProps(errors, 'command')} />
            <FieldError errors={errors} at="command" />
          </label>

          {Object.keys(errors).length > 0 && <p className="field-error" role="alert">Fix the fields marked above, then Run again.</p>}
          {refusal && (
            <div className="error-box" role="alert" data-testid="run-refusal"><span>{refusal}</span></div>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !online}>{busy ? 'Starting…' : 'Run'}</button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
