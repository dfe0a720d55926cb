/**
 * DOCKER_HOST → dockerode connection options, read the way the docker CLI
 * reads it, so that what works in a terminal works in Berth.
 */
import type Dockerode from 'dockerode';
import { BerthError } from '../../../preload/contract';

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
const DEFAULT_NAMED_PIPE = '//./pipe/docker_engine';
const DEFAULT_TCP_PORT = 2375;
const EXAMPLES = 'unix:///var/run/docker.sock, tcp://127.0.0.1:2375 or npipe:////./pipe/docker_engine';

export function dockerOptionsFromHost(dockerHost: string | undefined): Dockerode.DockerOptions {
  const value = dockerHost?.trim() ?? '';
  if (value === '') return { socketPath: DEFAULT_UNIX_SOCKET };

  const separator = value.indexOf('://');
  // Like the CLI, a bare "host:port" means TCP.
  const scheme = separator === -1 ? 'tcp' : value.slice(0, separator).toLowerCase();
  const rest = separator === -1 ? value : value.slice(separator + 3);

  switch (scheme) {
    case 'unix':
      if (rest !== '' && !rest.startsWith('/')) throw invalid(value, 'the socket path must be absolute');
      return { socketPath: rest || DEFAULT_UNIX_SOCKET };
    case 'npipe':
      return { socketPath: rest || DEFAULT_NAMED_PIPE };
    case 'tcp':
      return tcpOptions(value, rest);
    default:
      throw invalid(value, `the scheme "${scheme}" is not supported`);
  }
}

/** The DOCKER_HOST value a user would export to reach the same engine. */
export function describeDockerHost(options: Dockerode.DockerOptions): string {
  const socketPath = options.socketPath;
  if (socketPath !== undefined) {
    return socketPath.startsWith('//./pipe/') ? `npipe://${socketPath}` : `unix://${socketPath}`;
  }
  const host = options.host ?? 'localhost';
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `tcp://${bracketed}:${options.port ?? DEFAULT_TCP_PORT}`;
}

function tcpOptions(value: string, rest: string): Dockerode.DockerOptions {
  let url: URL;
  try {
    // "tcp://:2375" means localhost, as it does for the CLI.
    url = new URL(`tcp://${rest.startsWith(':') ? `localhost${rest}` : rest}`);
  } catch {
    throw invalid(value, 'it is not a valid host:port');
  }
  if (url.pathname !== '' && url.pathname !== '/') throw invalid(value, 'a TCP address takes no path');
  if (url.username !== '' || url.search !== '' || url.hash !== '') throw invalid(value, 'it is not a plain host:port');
  // URL keeps the brackets of an IPv6 literal; the socket layer wants them gone.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  const port = url.port === '' ? DEFAULT_TCP_PORT : Number(url.port);
  return { host, port, protocol: 'http' };
}

function invalid(value: string, why: string): BerthError {
  return new BerthError(
    'invalid-input',
    `DOCKER_HOST=${JSON.stringify(value)} is not usable: ${why}. Use a value such as ${EXAMPLES}, or unset DOCKER_HOST.`,
  );
}
