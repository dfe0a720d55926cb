/** The terminal, loaded when first shown: xterm is most of its weight, and most pages never need it. */
import { lazy, Suspense } from 'react';
import type { TerminalProps } from './Terminal';

const Terminal = lazy(() => import('./Terminal').then((module) => ({ default: module.Terminal })));

export function LazyTerminal(props: TerminalProps) {
  return (
    <Suspense fallback={<div className="terminal-view muted">Loading the terminal…</div>}>
      <Terminal {...props} />
    </Suspense>
  );
}
