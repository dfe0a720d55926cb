/**
 * The native backend: the host's own Docker Engine (Linux). Berth does not
 * own that daemon, so "start" means "connect to it" and "stop" means "stop
 * using it", never stopping the user's dockerd.
 */
import Dockerode from 'dockerode';
import { BerthError } from '../../../preload/contract';
import { describeDockerHost, dockerOptionsFromHost } from '../docker/connection';
import type { EngineBackend, EngineConnection, ReportProgress } from './backend';

const PING_TIMEOUT_MS = 5_000;

export class NativeBackend implements EngineBackend {
  readonly kind = 'native' as const;

  constructor(private readonly dockerHostSetting: string | undefined) {}

  async start(report: ReportProgress, signal: AbortSignal): Promise<EngineConnection> {
    const options = dockerOptionsFromHost(this.dockerHostSetting);
    const dockerHost = describeDockerHost(options);
    report({ step: 'connect', message: `Connecting to the Docker Engine at ${dockerHost}`, fraction: 0.2 });
    const docker = new Dockerode(options);
    await pingOrExplain(docker, dockerHost, signal);
    report({ step: 'ready', message: 'Docker Engine is answering', fraction: 1 });
    return { docker, dockerHost, warnings: [] };
  }

  async stop(report: ReportProgress): Promise<void> {
    report({ step: 'disconnect', message: 'Disconnecting from the host Docker Engine (it keeps running)', fraction: 1 });
  }
}

/** True when a host engine answers quickly; `backend: auto` uses this to choose. */
export async function hostEngineAnswers(dockerHostSetting: string | undefined, timeoutMs = 1_500): Promise<boolean> {
  try {
    const docker = new Dockerode(dockerOptionsFromHost(dockerHostSetting));
    await withTimeout(docker.ping(), timeoutMs);
    return true;
  } catch {
    return false;
  }
}

async function pingOrExplain(docker: Dockerode, dockerHost: string, signal: AbortSignal): Promise<void> {
  try {
    if (signal.aborted) throw new Error('cancelled');
    await withTimeout(docker.ping(), PING_TIMEOUT_MS);
  } catch (error) {
    const why = (error as Error).message;
    throw new BerthError(
      'engine-unavailable',
      `No Docker Engine answers at ${dockerHost} (${why}). Start it (for example \`sudo systemctl start docker\`), ` +
        'check that your user may use its socket, or set DOCKER_HOST to the engine you want.',
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
