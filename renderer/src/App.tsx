/** The shell: navigation, the connection banner, the current page, and toasts. */
import { ConnectionBanner } from './components/ConnectionBanner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Nav } from './components/Nav';
import { Toasts } from './components/Toasts';
import type { Route } from './lib/routes';
import { useThemeSync } from './lib/theme';
import { ContainerDetailPage } from './pages/ContainerDetail';
import { ContainersPage } from './pages/Containers';
import { DashboardPage } from './pages/Dashboard';
import { ImagesPage } from './pages/Images';
import { NetworksPage } from './pages/Networks';
import { PortsPage } from './pages/Ports';
import { ProjectLogsPage } from './pages/ProjectLogs';
import { SettingsPage } from './pages/Settings';
import { TroubleshootPage } from './pages/Troubleshoot';
import { VolumeDetailPage } from './pages/VolumeDetail';
import { VolumesPage } from './pages/Volumes';
import { TerminalsPage } from './pages/TerminalsPage';
import { useUi } from './stores/ui';

function PageFor({ route }: { route: Route }) {
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'containers':
      return <ContainersPage />;
    case 'container':
      return <ContainerDetailPage id={route.id} tab={route.tab} />;
    case 'project-logs':
      return <ProjectLogsPage project={route.project} />;
    case 'images':
      return <ImagesPage />;
    case 'volumes':
      return <VolumesPage />;
    case 'volume':
      return <VolumeDetailPage name={route.name} />;
    case 'networks':
      return <NetworksPage />;
    case 'ports':
      return <PortsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'troubleshoot':
      return <TroubleshootPage />;
    case 'terminal':
      return <TerminalsPage />;
  }
}

export function App() {
  const route = useUi((s) => s.route);
  useThemeSync();
  const key = route.page === 'container' ? `container/${route.id}` : route.page;
  return (
    <div className="app">
      <Nav />
      <main className="main" id="main">
        <ConnectionBanner />
        <ErrorBoundary key={key}>
          <PageFor route={route} />
        </ErrorBoundary>
      </main>
      <Toasts />
    </div>
  );
}
