/** A few 16px stroke icons, decorative only (aria-hidden); buttons carry the names. */
import type { ReactElement } from 'react';

const PATHS = {
  start: <path d="M5 3.5v9l7.5-4.5z" fill="currentColor" stroke="none" />,
  stop: <rect x="4" y="4" width="8" height="8" rx="1" fill="currentColor" stroke="none" />,
  restart: <path d="M12.5 8a4.5 4.5 0 1 1-1.3-3.2M12.5 2.5v2.8H9.7" />,
  pause: <path d="M6 4v8M10 4v8" strokeWidth="2" />,
  unpause: <path d="M5 3.5v9l7.5-4.5z" fill="currentColor" stroke="none" />,
  kill: <path d="M9 1.5 4 9h4l-1 5.5L12 7H8z" fill="currentColor" stroke="none" />,
  remove: <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5M7 7v4M9 7v4" />,
  dashboard: <path d="M2.5 2.5h4.5v5h-4.5zM9 2.5h4.5v3H9zM9 7.5h4.5v6H9zM2.5 9.5h4.5v4h-4.5z" />,
  containers: <path d="M2 5.5 8 2.5l6 3v5l-6 3-6-3zM2 5.5l6 3 6-3M8 8.5v5" />,
  images: <path d="M2.5 3.5h11v9h-11zM2.5 10l3-3 3 3 2-2 3 3" />,
  volumes: <path d="M3 4c0-1 2.2-1.7 5-1.7s5 .7 5 1.7v8c0 1-2.2 1.7-5 1.7S3 13 3 12zM3 4c0 1 2.2 1.7 5 1.7S13 5 13 4M3 8c0 1 2.2 1.7 5 1.7S13 9 13 8" />,
  ports: <path d="M2 8h5M9 8h5M7 5.5v5M9 5.5v5M12 6l2 2-2 2" />,
  networks: <path d="M6 2.5h4v3H6zM2 10.5h4v3H2zM10 10.5h4v3h-4zM8 5.5V8M4 10.5V8h8v2.5" />,
  terminal: <path d="M2 3h12v10H2zM4.5 6l2 2-2 2M8 10.5h3.5" />,
  settings: <path d="M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />,
  troubleshoot: <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.6M8 11.6v.1" />,
} satisfies Record<string, ReactElement>;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round">
      {PATHS[name]}
    </svg>
  );
}
