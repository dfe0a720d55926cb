/** Applies the chosen theme to <html data-theme>, following the system when asked to. */
import { useEffect } from 'react';
import type { Theme } from '../../../preload/contract/settings';
import { useSettings } from '../stores/settings';

export function resolveTheme(theme: Theme, prefersDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return prefersDark ? 'dark' : 'light';
  return theme;
}

/** The draft's theme while editing, so the choice shows live; the saved one otherwise. */
export function useThemeSync(): void {
  const theme = useSettings((s) => s.draft?.theme ?? s.snapshot?.settings.theme ?? 'system');
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = resolveTheme(theme, query.matches);
    };
    apply();
    if (theme !== 'system') return;
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme]);
}
