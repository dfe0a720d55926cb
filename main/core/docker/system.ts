/** Engine-wide facts: version, resources, disk usage, liveness. */
import type Dockerode from 'dockerode';
import { BerthError, type EngineInfo } from '../../../preload/contract';
import type { DiskUsageProbe } from './disk-usage';
import { toBerthError } from './errors';

// An engine that accepts the connection but never answers is as good as down.
const PING_TIMEOUT_MS = 5000;

export class SystemInfo {
  constructor(
    private readonly docker: Dockerode,
    private readonly diskUsage: DiskUsageProbe,
  ) {}

  async info(): Promise<EngineInfo> {
    let info: Record<string, unknown>;
    let version: Dockerode.DockerVersion;
    try {
      [info, version] = await Promise.all([this.docker.info(), this.docker.version()]);
    } catch (error) {
      throw toBerthError(error, 'engine info');
    }
    const { disk } = await this.diskUsage.measure();
    const count = (key: string): number => (typeof info[key] === 'number' ? (info[key] as number) : 0);
    const text = (key: string): string => (typeof info[key] === 'string' ? (info[key] as string) : '');
    return {
      name: text('Name'),
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: text('OperatingSystem'),
      kernelVersion: text('KernelVersion'),
      arch: text('Architecture'),
      cpus: count('NCPU'),
      memoryBytes: count('MemTotal'),
      storageDriver: text('Driver'),
      containers: {
        total: count('Containers'),
        running: count('ContainersRunning'),
        paused: count('ContainersPaused'),
        stopped: count('ContainersStopped'),
      },
      images: count('Images'),
      disk,
    };
  }

  async ping(): Promise<void> {
    // The typings omit ping's options; dockerode passes abortSignal through to the request.
    const ping = this.docker.ping.bind(this.docker) as unknown as (opts: { abortSignal: AbortSignal }) => Promise<unknown>;
    try {
      await ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        throw new BerthError('timeout', `The Docker engine did not answer a ping within ${PING_TIMEOUT_MS / 1000} s`);
      }
      throw toBerthError(error, 'ping');
    }
  }
}
