/** Hash routes: #/dashboard, #/containers, #/containers/<id>/logs|inspect, #/images, #/volumes, #/settings. Pure. */
export type ContainerTab = 'logs' | 'inspect';

export type Route =
  | { page: 'dashboard' }
  | { page: 'containers' }
  | { page: 'container'; id: string; tab: ContainerTab }
  | { page: 'images' }
  | { page: 'volumes' }
  | { page: 'ports' }
  | { page: 'settings' };

export type Page = Route['page'];

const SIMPLE = new Set(['dashboard', 'containers', 'images', 'volumes', 'ports', 'settings']);

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
    return { page: 'container', id, tab: tab === 'inspect' ? 'inspect' : 'logs' };
  }
  if (head && SIMPLE.has(head)) return { page: head as Exclude<Page, 'container'> } as Route;
  return { page: 'dashboard' };
}

export function formatHash(route: Route): string {
  if (route.page === 'container') return `#/containers/${encodeURIComponent(route.id)}/${route.tab}`;
  return `#/${route.page}`;
}
