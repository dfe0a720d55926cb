/** The left navigation: real links (hash routes) and the engine state dot. */
import type { Page } from '../lib/routes';
import { useEngine } from '../stores/engine';
import { useUi } from '../stores/ui';
import { Icon, type IconName } from './icons';

const LINKS: { page: Page; label: string; icon: IconName }[] = [
  { page: 'dashboard', label: 'Dashboard', icon: 'dashboard' },
  { page: 'containers', label: 'Containers', icon: 'containers' },
  { page: 'images', label: 'Images', icon: 'images' },
  { page: 'volumes', label: 'Volumes', icon: 'volumes' },
  { page: 'settings', label: 'Settings', icon: 'settings' },
];

export function Nav() {
  const page = useUi((s) => s.route.page);
  const state = useEngine((s) => s.status?.state ?? 'unknown');
  const current = page === 'container' ? 'containers' : page;
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">⚓</span> Berth
      </div>
      <ul>
        {LINKS.map((link) => (
          <li key={link.page}>
            <a href={`#/${link.page}`} aria-current={current === link.page ? 'page' : undefined}>
              <Icon name={link.icon} />
              {link.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="engine-pill" data-testid="engine-state" data-state={state}>
        <span className={`dot dot-${state}`} aria-hidden="true" />
        Engine {state}
      </div>
    </nav>
  );
}
