/** The left navigation: real links (hash routes), the engine indicator and, while it starts or stops, a slim progress bar. */
import { useConnection } from '../api/connection';
import { engineIndicator, engineProgress } from '../lib/engine-view';
import type { Page } from '../lib/routes';
import { useEngine } from '../stores/engine';
import { useUi } from '../stores/ui';
import { Icon, type IconName } from './icons';
import { ProgressBar } from './ProgressBar';

const LINKS: { page: Page; label: string; icon: IconName }[] = [
  { page: 'dashboard', label: 'Dashboard', icon: 'dashboard' },
  { page: 'containers', label: 'Containers', icon: 'containers' },
  { page: 'images', label: 'Images', icon: 'images' },
  { page: 'volumes', label: 'Volumes', icon: 'volumes' },
  { page: 'networks', label: 'Networks', icon: 'networks' },
  { page: 'ports', label: 'Ports', icon: 'ports' },
  { page: 'terminal', label: 'Terminal', icon: 'terminal' },
  { page: 'settings', label: 'Settings', icon: 'settings' },
  { page: 'troubleshoot', label: 'Troubleshoot', icon: 'troubleshoot' },
];

export function Nav() {
  const page = useUi((s) => s.route.page);
  const status = useEngine((s) => s.status);
  const connection = useConnection((s) => s.status);
  const indicator = engineIndicator(status, connection);
  const progress = connection === 'open' ? engineProgress(status) : null;
  const current = page === 'container' || page === 'project-logs' ? 'containers' : page === 'volume' ? 'volumes' : page;
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
      <div className="nav-footer">
        {progress && <ProgressBar fraction={progress.fraction} label={progress.label} slim />}
        <div className="engine-pill" data-testid="engine-state" data-state={indicator.state} role="status">
          <span className={`dot dot-${indicator.state}`} aria-hidden="true" />
          {indicator.text}
        </div>
      </div>
    </nav>
  );
}
