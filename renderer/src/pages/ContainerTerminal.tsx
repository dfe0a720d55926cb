/**
 * The Terminal tab of a container: a shell in it (docker exec -it), or, for a
 * container made with -t, its own TTY (docker attach). Leaving the tab ends
 * the shell.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { ContainerSummary } from '../../../preload/contract/dto';
import { LazyTerminal as Terminal } from '../components/LazyTerminal';
import type { TerminalTarget } from '../terminals/terminal-connection';

const SHELLS: { value: string; label: string }[] = [
  { value: '', label: 'bash, else sh' },
  { value: '/bin/sh', label: '/bin/sh' },
  { value: '/bin/bash', label: '/bin/bash' },
  { value: '/bin/ash', label: '/bin/ash' },
  { value: '/bin/zsh', label: '/bin/zsh' },
];

export function ContainerTerminal({ container, run }: { container: ContainerSummary; run: string }) {
  const [mode, setMode] = useState<'shell' | 'attach'>('shell');
  const [shell, setShell] = useState('');
  // Only a container made with -t has a TTY of its own to attach to.
  const [hasTty, setHasTty] = useState(false);
  useEffect(() => {
    let current = true;
    api.call('containers:inspect', { id: container.id }).then(
      (info) => current && setHasTty(info.tty),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [container.id]);
  if (container.state !== 'running') {
    return (
      <div className="gate" role="status" data-testid="terminal-not-running">
        <p>{container.name} is {container.state}. Start it to open a terminal in it.</p>
      </div>
    );
  }
  const target: TerminalTarget =
    mode === 'attach'
      ? { kind: 'attach', containerId: container.id }
      : { kind: 'container', containerId: container.id, ...(shell ? { shell } : {}) };
  return (
    <div className="terminal-view">
      <div className="toolbar">
        {hasTty && (
          <label>
            Connect{' '}
            <select value={mode} onChange={(e) => setMode(e.target.value as 'shell' | 'attach')}>
              <option value="shell">New shell (exec)</option>
              <option value="attach">Attach to its TTY</option>
            </select>
          </label>
        )}
        {mode === 'shell' && (
          <label>
            Shell{' '}
            <select value={shell} onChange={(e) => setShell(e.target.value)}>
              {SHELLS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {/* A new run of the container is a new terminal: the old shell went with the old run. */}
      <Terminal key={run} target={target} label={`Terminal in ${container.name}`} />
    </div>
  );
}
