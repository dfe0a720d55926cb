/** UI state: the current route, kept in the URL hash so a reload stays on the page. */
import { create } from 'zustand';
import { formatHash, parseHash, type Route } from '../lib/routes';

interface UiState {
  route: Route;
}

export const useUi = create<UiState>()(() => ({ route: parseHash(location.hash) }));

export function navigate(route: Route): void {
  const hash = formatHash(route);
  if (location.hash !== hash) location.hash = hash;
  else useUi.setState({ route });
}

export function startHashSync(): () => void {
  const sync = () => useUi.setState({ route: parseHash(location.hash) });
  window.addEventListener('hashchange', sync);
  sync();
  return () => window.removeEventListener('hashchange', sync);
}
