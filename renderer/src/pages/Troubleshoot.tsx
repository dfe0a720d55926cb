/** Troubleshoot: restart the engine, read the logs, make a diagnostics bundle, reset to factory defaults. */
import { useState } from 'react';
import type { EngineState } from '../../../preload/contract/dto';
import { api } from '../api/client';
import { useOnline } from '../api/connection';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { StateBadge } from '../components/StateBadge';
import { Loading } from '../components/States';
import { restartWording } from '../lib/troubleshoot-view';
import { useEngine } from '../stores/engine';
import { runAction, useToasts } from '../stores/toasts';
import { DiagnosticsCard } from './DiagnosticsCard';
import { FactoryResetDialog } from './FactoryResetDialog';
import { LogExcerptPanel } from './LogExcerptPanel';

const RESTARTABLE: EngineState[] = ['running', 'paused', 'error'];

function EngineCard() {
  const status = useEngine((s) => s.status);
  const busy = useEngine((s) => s.busy);
  const command = useEngine((s) => s.command);
  const online = useOnline();
  const [confirming, setConfirming] = useState(false);
  if (!status) return <Loading label="Asking the engine…" />;
  return (
    <div className="card">
      <div className="card-head">
        <h2>Engine</h2>
        <StateBadge state={online ? status.state : 'disconnected'} />
        <div className="spacer" />
        <button type="button" disabled={!online || busy !== null || !RESTARTABLE.includes(status.state)} onClick={() => setConfirming(true)}>
          Restart engine
        </button>
      </div>
      {status.error && <p className="error-text">{status.error}</p>}
      {confirming && (
        <ConfirmDialog
          title="Restart the engine?"
          confirmLabel="Restart"
          onConfirm={() => {
            setConfirming(false);
            void runAction('Restart engine', () => command('engine:restart'));
          }}
          onCancel={() => setConfirming(false)}
        >
          <p>{restartWording(status.backend)}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function ResetCard() {
  const online = useOnline();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const reset = async (eraseData: boolean) => {
    setConfirming(false);
    setBusy(true);
    await runAction('Reset to factory defaults', async () => {
      const result = await api.call('troubleshoot:factory-reset', { eraseData });
      useToasts.getState().push('info', `Reset done. Erased: ${result.erased.join('; ')}${result.kept.length ? `. Kept: ${result.kept.join('; ')}` : ''}.`);
    });
    setBusy(false);
  };
  return (
    <div className="card">
      <div className="card-head">
        <h2>Reset to factory defaults</h2>
        <div className="spacer" />
        <button type="button" className="danger" disabled={busy || !online} onClick={() => setConfirming(true)}>
          {busy ? 'Resetting…' : 'Reset to factory defaults…'}
        </button>
      </div>
      <p className="small muted">
        Puts every setting back to its default. You choose whether the containers, images and volumes in Berth&apos;s VM are kept or erased.
      </p>
      {confirming && <FactoryResetDialog onConfirm={(erase) => void reset(erase)} onCancel={() => setConfirming(false)} />}
    </div>
  );
}

export function TroubleshootPage() {
  return (
    <section className="page troubleshoot">
      <header className="page-header">
        <h1>Troubleshoot</h1>
      </header>
      <EngineCard />
      <DiagnosticsCard />
      <LogExcerptPanel />
      <ResetCard />
    </section>
  );
}
