/**
 * Terminals page (#/terminal): shells in Berth's VM and on this host (with
 * DOCKER_HOST set to the engine), as tabs. Closing a tab ends its shell;
 * leaving the page ends them all.
 */
import { useState } from 'react';
import { LazyTerminal as Terminal } from '../components/LazyTerminal';
import type { TerminalTarget } from '../terminals/terminal-connection';
import { useEngine } from '../stores/engine';

interface Tab {
  key: number;
  target: TerminalTarget;
  title: string;
}

let nextKey = 1;

export function TerminalsPage() {
  const status = useEngine((s) => s.status);
  const [tabs, setTabs] = useState<Tab[]>([]);
  const [active, setActive] = useState<number | null>(null);
  const vmRunning = status?.backend === 'qemu' && status.state === 'running';
  const vmHint = vmRunning
    ? "A root shell inside Berth's VM"
    : status?.backend === 'qemu'
      ? 'Start the engine to open a shell in its VM'
      : "The VM shell needs Berth's own VM (the qemu backend); this engine runs none";

  const open = (target: TerminalTarget, title: string): void => {
    const key = nextKey++;
    setTabs((current) => [...current, { key, target, title }]);
    setActive(key);
  };
  // Unmounting the tab's terminal ends its session, and the shell with it.
  const close = (key: number): void => {
    const rest = tabs.filter((tab) => tab.key !== key);
    setTabs(rest);
    if (active === key) setActive(rest.at(-1)?.key ?? null);
  };
  const retitle = (key: number, title: string): void =>
    setTabs((current) => current.map((tab) => (tab.key === key ? { ...tab, title } : tab)));

  return (
    <section className="page detail">
      <header className="page-header">
        <h1>Terminals</h1>
        <div className="actions">
          <button type="button" onClick={() => open({ kind: 'host' }, 'Host terminal')} title="Your shell on this machine, with DOCKER_HOST set to Berth's engine">
            New host terminal
          </button>
          <button type="button" onClick={() => open({ kind: 'vm' }, 'VM shell')} disabled={!vmRunning} title={vmHint}>
            New VM shell
          </button>
        </div>
      </header>
      {!vmRunning && <p className="muted small">{vmHint}.</p>}
      {tabs.length === 0 ? (
        <div className="placeholder" data-testid="no-terminals">
          No terminals open. A host terminal runs your shell here with DOCKER_HOST set to Berth&apos;s engine.
        </div>
      ) : (
        <>
          <div className="terminal-tabs" role="tablist" aria-label="Open terminals">
            {tabs.map((tab) => (
              <span key={tab.key} className={tab.key === active ? 'terminal-tab active' : 'terminal-tab'}>
                <button type="button" role="tab" aria-selected={tab.key === active} onClick={() => setActive(tab.key)}>
                  {tab.title}
                </button>
                <button type="button" aria-label={`Close ${tab.title}`} onClick={() => close(tab.key)}>
                  ×
                </button>
              </span>
            ))}
          </div>
          <div className="terminal-panels">
            {tabs.map((tab) => (
              <div key={tab.key} role="tabpanel" hidden={tab.key !== active} className="terminal-view">
                <Terminal
                  target={tab.target}
                  label={tab.title}
                  visible={tab.key === active}
                  onTitle={(title) => retitle(tab.key, title)}
                />
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
