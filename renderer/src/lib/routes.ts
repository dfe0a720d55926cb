/** Hash routes: #/dashboard, #/containers, #/containers/<id>/logs|inspect, #/images, #/volumes, #/settings. Pure. */
export type ContainerTab = 'logs' | 'inspect' | 'stats' | 'terminal';

export type Route =
  | { page: 'dashboard' }
  | { page: 'containers' }
  | { page: 'container'; id: string; tab: ContainerTab }
  /** The merged logs of a compose project: #/projects/<name>/logs */
  | { page: 'project-logs'; project: string }
  | { page: 'images' }
  | { page: 'volumes' }
  /** One volume: who uses it and its files: #/volumes/<name> */
  | { page: 'volume'; name: string }
  | { page: 'networks' }
  | { page: 'ports' }
  | { page: 'settings' }
  | { page: 'troubleshoot' }
  /** VM shell and host terminals: #/terminal */
  | { page: 'terminal' };

export type Page = Route['page'];

const SIMPLE = new Set(['dashboard', 'containers', 'images', 'volumes', 'ports', 'settings', 'troubleshoot', 'networks', 'terminal']);

export function parseHash(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
  const [head, id, tab] = parts;
  if (head === 'containers' && id) {
    return { page: 'container', id, tab: tab === 'inspect' || tab === 'stats' || tab === 'terminal' ? tab : 'logs' };
  }
  if (head === 'projects' && id) return { page: 'project-logs', project: id };
  if (head === 'volumes' && id) return { page: 'volume', name: id };
  if (head && SIMPLE.has(head)) return { page: head as Exclude<Page, 'container'> } as Route;
  return { page: 'dashboard' };
}

export function formatHash(route: Route): string {
  if (route.page === 'container') return `#/containers/${encodeURIComponent(route.id)}/${route.tab}`;
  if (route.page === 'project-logs') return `#/projects/${encodeURIComponent(route.project)}/logs`;
  if (route.page === 'volume') return `#/volumes/${encodeURIComponent(route.name)}`;
  return `#/${route.page}`;
}
