/**
 * A terminal: xterm in a box it fills (measured, not guessed), wired to one
 * terminal session. Unmounting it ends the session and its process.
 */
import '@xterm/xterm/css/xterm.css';
import '../terminals/terminal.css';
import { Terminal as XTerm } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { cellFromScreen, fitTerminal, type TerminalSize } from '../terminals/fit';
import { TerminalConnection, type TerminalTarget } from '../terminals/terminal-connection';

type Status =
  | { state: 'connecting'; text: string }
  | { state: 'open'; text: string }
  | { state: 'ended'; text: string; exitCode: number | null }
  | { state: 'error'; text: string };

export interface TerminalProps {
  target: TerminalTarget;
  /** Says what the terminal is, for screen readers and tests. */
  label: string;
  onTitle?(title: string): void;
  /** Whether the view is shown; a hidden one keeps its session but is not fitted. */
  visible?: boolean;
}

const THEME = { background: '#11151a', foreground: '#e3e8ee', cursor: '#e3e8ee', selectionBackground: '#3a4a63' };

export function Terminal({ target, label, onTitle, visible = true }: TerminalProps) {
  const box = useRef<HTMLDivElement>(null);
  const refit = useRef<() => void>(() => undefined);
  const [status, setStatus] = useState<Status>({ state: 'connecting', text: 'Connecting…' });
  const [generation, setGeneration] = useState(0);
  const targetKey = JSON.stringify(target);
  const titled = useRef(onTitle);
  useEffect(() => {
    titled.current = onTitle;
  }, [onTitle]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const parsed = JSON.parse(targetKey) as TerminalTarget;
    setStatus({ state: 'connecting', text: 'Connecting…' });
    const term = new XTerm({
      fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: THEME,
    });
    const mount = element.querySelector<HTMLDivElement>('.terminal-xterm')!;
    term.open(mount);

    const fit = (): TerminalSize | null => {
      const screen = mount.querySelector<HTMLElement>('.xterm-screen');
      if (!screen) return null;
      const cell = cellFromScreen({ width: screen.offsetWidth, height: screen.offsetHeight }, { cols: term.cols, rows: term.rows });
      const style = getComputedStyle(element);
      const size =
        cell &&
        fitTerminal(
          {
            width: element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
            height: element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
          },
          cell,
        );
      if (size && (size.cols !== term.cols || size.rows !== term.rows)) term.resize(size.cols, size.rows);
      return size;
    };
    refit.current = () => void fit();

    const connection = new TerminalConnection(api, parsed, {
      onOpened: (opened) => {
        setStatus({ state: 'open', text: opened.title });
        titled.current?.(opened.title);
      },
      onData: (data) => term.write(data),
      onEnded: (ended) => {
        setStatus({ state: 'ended', text: ended.reason, exitCode: ended.exitCode });
        term.write(`\r\n\x1b[2m[${ended.reason}]\x1b[0m\r\n`);
      },
      onError: (error) => setStatus({ state: 'error', text: error.message }),
    });
    const initial = fit() ?? { cols: term.cols, rows: term.rows };
    void connection.start(initial.cols, initial.rows);
    const typing = term.onData((data) => connection.input(data));
    const resizing = term.onResize(({ cols, rows }) => connection.resize(cols, rows));
    const observer = new ResizeObserver(() => fit());
    observer.observe(element);
    term.focus();
    return () => {
      observer.disconnect();
      typing.dispose();
      resizing.dispose();
      connection.stop();
      term.dispose();
      refit.current = () => undefined;
    };
  }, [targetKey, generation]);

  // A view shown again may have a new size.
  useEffect(() => {
    if (visible) refit.current();
  }, [visible]);

  const over = status.state === 'ended' || status.state === 'error';
  return (
    <div className="terminal-view" data-testid="terminal" data-state={status.state} aria-label={label} role="region">
      <div className="terminal-status" data-state={status.state}>
        <span className="terminal-status-text" data-testid="terminal-status" role="status">
          {status.state === 'ended' ? `Session ended: ${status.text}` : status.text}
        </span>
        {over && (
          <button type="button" onClick={() => setGeneration((g) => g + 1)}>
            New session
          </button>
        )}
      </div>
      <div className="terminal-box" ref={box}>
        <div className="terminal-xterm" />
      </div>
    </div>
  );
}
