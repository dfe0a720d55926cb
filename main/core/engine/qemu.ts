/**
 * The qemu backend: Berth's own guest image in a QEMU VM, its Docker socket
 * bridged to a host unix socket through the SSH guest channel. A VM left
 * running by a Berth that crashed is reattached, not duplicated; a VM that
 * fails to boot is stopped, never left behind.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import Dockerode from 'dockerode';
import { BerthError, type Settings, type VmStatus } from '../../../preload/contract';
import { ensurePrivateDir } from '../fs/unix-socket';
import { locateGuestImage, type GuestImage } from '../image/locate';
import type { BerthPaths } from '../paths';
import { chooseAccelerator, readHostFacts } from '../vm/accelerator';
import { ensureDataDisk } from '../vm/data-disk';
import { bridgeDockerSocket, type DockerSocketBridge } from '../vm/docker-socket-bridge';
import { GuestChannel } from '../vm/guest-channel';
import { parseSample, SAMPLE_COMMAND, type GuestSample } from '../vm/guest-resources';
import { defaultInstancePaths, type InstancePaths } from '../vm/instance-files';
import type { PidRecord } from '../vm/pid-file';
import { buildQemuArgs, qemuBinary, type GuestArch } from '../vm/qemu-args';
import { GRACEFUL_STOP_MS, spawnQemu, stopQemu, watchQemuExit } from '../vm/qemu-process';
import { QmpClient } from '../vm/qmp';
import { kernelPanicLine, READY_LINE, rotateSerialLog, waitForSerialLine } from '../vm/serial-log';
import { startPortAgent, type PortAgent } from '../vm/port-agent';
import { ensureSshKey } from '../vm/ssh-key';
import { clearStaleRun } from '../vm/stale';
import { AgentDialer, type GuestDialer } from '../ports/dialer';
import { readBootShares, recordBootShares } from '../sharing/boot-shares';
import { AFTER_SHARE_LOSS } from '../sharing/shares-report';
import { prepareShares, type PreparedShares } from '../sharing/vm-shares';
import { startShareEvents, type ShareEvents } from '../sharing/share-events';
import type { EngineBackend, EngineConnection, ReportProgress } from './backend';
import { writeDockerContext } from './docker-context';

export interface QemuBackendOptions {
  paths: BerthPaths;
  settings: () => Settings;
  /** The app's resources folder (holds vm/ in a packaged app); null when running from source. */
  resourcesDir: string | null;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  /** A problem that arose while the engine runs, for its status (the UI and `berth status` show it). */
  warn?: (message: string) => void;
  /** The VM's QEMU ended while the engine ran (crashed, killed): nothing to reattach to. */
  onVmExit?: (reason: string) => void;
}

/** Boot under TCG takes seconds to tens of seconds; give slow hosts room. */
const BOOT_TIMEOUT_MS = 180_000;

/**
 * Kernel options that measurably shorten a boot under emulation (see
 * assets/vm/README.md): no console chatter, no crypto self-tests, no PS/2
 * probing, a trusted TSC; and address randomisation off until Docker is up.
 */
const FAST_BOOT_APPEND = [
  'quiet',
  'cryptomgr.notests',
  'tsc=reliable',
  'no_timer_check',
  'i8042.noaux',
  'i8042.nokbd',
  'i8042.nopnp',
  'berth.aslr=boot',
];

interface RunningVm {
  record: PidRecord;
  qmp: QmpClient;
  channel: GuestChannel;
  bridge: DockerSocketBridge;
  paths: InstancePaths;
  portAgent: PortAgent | null;
  /** Stops watching for QEMU's end (qemu-process.ts watchQemuExit). */
  unwatchExit: () => void;
}

export class QemuBackend implements EngineBackend {
  readonly kind = 'qemu' as const;
  private vm: RunningVm | null = null;
  /** What start() handed out, for reconnect() after Docker restarts inside the same VM. */
  private lastConnection: EngineConnection | null = null;
  /** The shares of the VM being booted or run, with their virtiofsd processes (none when reattached: they are not ours). */
  private shares: PreparedShares | null = null;
  /** Aborted when the QEMU this Berth booted exits. */
  private qemuExited: AbortSignal | null = null;
  private shareEvents: ShareEvents | null = null;

  constructor(private readonly options: QemuBackendOptions) {}

  /** The running VM's guest channel, for shells and resource sampling. */
  get channel(): GuestChannel | null {
    return this.vm?.channel ?? null;
  }

  async start(report: ReportProgress, signal: AbortSignal): Promise<EngineConnection> {
    const settings = this.options.settings();
    const paths = defaultInstancePaths(this.options.paths);
    await fs.mkdir(paths.instanceDir, { recursive: true, mode: 0o700 });
    await ensurePrivateDir(paths.runtimeDir);

    report({ step: 'image', message: 'Checking the guest image', fraction: 0.05 });
    const image = await locateGuestImage({
      settingsPath: settings.guestImagePath,
      resourcesDir: this.options.resourcesDir,
      cacheDir: this.options.paths.cacheDir,
    });

    const decision = chooseAccelerator(await readHostFacts(), settings.accelerator);
    const warnings = decision.warning ? [decision.warning] : [];
    this.options.log(`accelerator ${decision.accelerator}: ${decision.reason}`);
    const key = await ensureSshKey(paths.sshPrivateKey, paths.sshPublicKey);

    const previous = await clearStaleRun(paths);
    let record: PidRecord;
    let qmp: QmpClient;
    let channelOpened: Promise<GuestChannel>;
    if (previous.state === 'running') {
      report({ step: 'boot', message: 'Reattaching to the VM that is still running', fraction: 0.3 });
      record = previous.record;
      const sshPort = Number(await fs.readFile(paths.sshPort, 'utf8'));
      qmp = await QmpClient.connect(paths.qmpSocket, { timeoutMs: 5_000, signal });
      channelOpened = openChannel(paths, sshPort, 30_000, signal);
      const booted = await readBootShares(paths.sharesFile);
      this.shares = booted && { shares: booted, mechanism: booted[0]?.mechanism ?? null, daemons: null, warnings: [] };
    } else {
      if (previous.note) this.options.log(`previous run: ${previous.note}; cleaned ${previous.removed.join(', ') || 'nothing'}`);
      report({ step: 'disk', message: `Preparing the ${settings.diskGiB} GiB data disk`, fraction: 0.1 });
      const plan = await ensureDataDisk(paths.dataDisk, settings.diskGiB);
      if (plan.action === 'grow') this.options.log(`data disk grown to ${settings.diskGiB} GiB; the guest grows its filesystem at boot`);
      ({ record, qmp, channelOpened } = await this.boot(paths, image, settings, decision.accelerator, key.publicKeyLine, report, signal));
      warnings.push(...(this.shares?.warnings ?? []));
    }

    try {
      report({ step: 'channel', message: 'Opening the guest channel', fraction: 0.85 });
      const channel = await channelOpened;
      report({ step: 'docker', message: 'Connecting to Docker in the VM', fraction: 0.92 });
      // Reattached to a VM whose boot left no record of its shares (this.shares null): binds are not checked.
      const sharedFolders = () => (this.shares ? this.shares.shares.map((share) => share.hostPath) : null);
      const bridge = await bridgeDockerSocket(paths.dockerSocket, () => channel.openDockerSocket(), sharedFolders);
      const vmRecord = record;
      const unwatchExit = watchQemuExit(record, this.qemuExited, (reason) => {
        // Only while this VM is the one served: a stop clears this.vm before QEMU goes.
        if (this.vm?.record !== vmRecord) return;
        void kernelPanicLine(paths.serialLog).then((panic) => {
          const why = panic ? `its kernel panicked ("${panic}"; \`berth vm-logs\` shows the console)` : reason;
          this.options.log(`the VM stopped unexpectedly: ${why}`);
          this.options.onVmExit?.(why);
        });
      });
      this.vm = { record, qmp, channel, bridge, paths, portAgent: null, unwatchExit };
      const { portDialer, portProblem } = await this.startPortForwarding(this.vm);
      // The walk of the shares ends after start() may have returned: its warning goes to the status then.
      const lateWarning = (message: string) => {
        if (!warnings.includes(message)) warnings.push(message);
        this.options.warn?.(message);
      };
      this.shareEvents = await startShareEvents(channel, this.shares?.shares ?? [], this.options.settings().fileWatchIgnore, this.options.log, lateWarning).catch((error: Error) => {
        warnings.push(`Containers will not hear of file changes made on this host: ${error.message}`);
        return null;
      });
      if (portProblem) warnings.push(`Published ports are not forwarded to this host: ${portProblem}`);
      const docker = new Dockerode({ socketPath: paths.dockerSocket });
      await docker.ping();
      const dockerHost = `unix://${paths.dockerSocket}`;
      await writeDockerContext(dockerHost, this.options.env).catch((error: Error) =>
        warnings.push(`Could not write the "berth" docker context: ${error.message}`),
      );
      report({ step: 'ready', message: 'Docker Engine is answering', fraction: 1 });
      const vm: VmStatus = {
        accelerator: decision.accelerator,
        imageVersion: image.manifest.version,
        cpus: settings.cpus,
        memoryMiB: settings.memoryMiB,
        diskGiB: settings.diskGiB,
      };
      this.lastConnection = { docker, dockerHost, warnings, vm, portDialer, portProblem };
      return this.lastConnection;
    } catch (error) {
      const vm = this.vm;
      this.vm = null;
      if (vm) await releaseHostSide(vm);
      else void channelOpened.then((channel) => channel.close(), () => undefined);
      await this.teardown(record, qmp, () => undefined);
      throw error;
    }
  }

  private async boot(
    paths: InstancePaths,
    image: GuestImage,
    settings: Settings,
    accelerator: VmStatus['accelerator'],
    publicKeyLine: string,
    report: ReportProgress,
    signal: AbortSignal,
  ): Promise<{ record: PidRecord; qmp: QmpClient; channelOpened: Promise<GuestChannel> }> {
    await rotateSerialLog(paths.serialLog);
    const sshPort = await freeLoopbackPort();
    let agentHostPort = await freeLoopbackPort();
    while (agentHostPort === sshPort) agentHostPort = await freeLoopbackPort();
    await fs.writeFile(paths.sshPort, String(sshPort), { mode: 0o600 });
    await fs.writeFile(paths.agentPort, String(agentHostPort), { mode: 0o600 });
    const arch = guestArch();
    this.shares = await prepareShares(settings, paths.runtimeDir, { log: this.options.log, onLost: (hostPath, how) => this.shareLost(hostPath, how) });
    await recordBootShares(paths.sharesFile, this.shares.shares).catch((error: Error) =>
      this.options.log(`could not record the shares of this boot (a reattaching Berth will not guard them): ${error.message}`),
    );
    const args = this.buildArgsOrStopShares({
      arch,
      accelerator,
      cpus: settings.cpus,
      memoryMiB: settings.memoryMiB,
      kernel: image.kernel,
      initrd: image.initrd,
      // panic=-1: a kernel panic reboots at once, which -no-reboot turns into QEMU's exit, which Berth watches;
      // Debian's kernel would otherwise sit in the panic forever with QEMU alive and Docker silent.
      append: [...FAST_BOOT_APPEND, 'panic=-1', `berth.sshkey=${Buffer.from(publicKeyLine).toString('base64')}`],
      rootDisk: image.rootfs,
      dataDisk: paths.dataDisk,
      network: { sshHostPort: sshPort, agentHostPort },
      qmpSocket: paths.qmpSocket,
      serialLog: paths.serialLog,
      shares: this.shares.shares,
    });
    report({ step: 'boot', message: `Starting the VM (${accelerator.toUpperCase()})`, fraction: 0.2 });
    this.options.log(`${qemuBinary(arch)} ${args.join(' ')}`);
    const started = await spawnQemu(qemuBinary(arch), args, paths.pidFile, paths.qemuLog).catch(async (error: unknown) => {
      await this.shares?.daemons?.stop(); // no QEMU to end them: never leave a virtiofsd behind
      throw error;
    });
    this.qemuExited = started.exited;
    const stopWaiting = AbortSignal.any([started.exited, signal]);
    let qmp: QmpClient | null = null;
    // sshd is up seconds before dockerd: open the channel while Docker starts, not after.
    const channelOpened = openChannel(paths, sshPort, BOOT_TIMEOUT_MS, stopWaiting);
    channelOpened.catch(() => undefined); // awaited by start(), or closed below
    try {
      qmp = await QmpClient.connect(paths.qmpSocket, { timeoutMs: 15_000, signal: stopWaiting });
      report({ step: 'boot', message: 'Waiting for the guest to boot', fraction: 0.3 });
      const spawnedAt = Date.now();
      await waitForSerialLine(paths.serialLog, READY_LINE, { timeoutMs: BOOT_TIMEOUT_MS, signal: stopWaiting });
      this.options.log(`guest ready ${((Date.now() - spawnedAt) / 1000).toFixed(1)} s after QEMU started (${accelerator})`);
      return { record: started.record, qmp, channelOpened };
    } catch (error) {
      void channelOpened.then((channel) => channel.close(), () => undefined);
      await this.teardown(started.record, qmp, () => undefined);
      throw await explainBootFailure(error, paths, started.exited);
    }
  }

  /** Host folders whose virtiofsd ended while the VM ran, with how (shares:list reports them as failed). */
  shareFailures(): ReadonlyMap<string, string> {
    return this.shares?.daemons?.lost ?? new Map();
  }

  /**
   * A virtiofsd ended under a running VM. Its virtiofsd also ends when QEMU
   * does; that is the VM stopping, said elsewhere, so wait a moment to tell them apart.
   */
  private shareLost(hostPath: string, how: string): void {
    setTimeout(() => {
      if (!this.vm || this.qemuExited?.aborted) return;
      const message = `The shared folder ${hostPath} stopped working: its virtiofsd ${how}; ${AFTER_SHARE_LOSS}.`;
      this.options.log(message);
      this.lastConnection?.warnings.push(message); // kept when Docker in the VM restarts and Berth reconnects
      this.options.warn?.(message);
    }, 500).unref();
  }

  private buildArgsOrStopShares(spec: Parameters<typeof buildQemuArgs>[0]): string[] {
    try {
      return buildQemuArgs(spec);
    } catch (error) {
      void this.shares?.daemons?.stop();
      throw error;
    }
  }

  async stop(report: ReportProgress): Promise<void> {
    const vm = this.vm;
    this.vm = null;
    this.lastConnection = null;
    if (!vm) return;
    report({ step: 'stop', message: 'Shutting the VM down', fraction: 0.2 });
    await releaseHostSide(vm);
    await this.teardown(vm.record, vm.qmp, (message) => report({ step: 'stop', message, fraction: 0.6 }));
  }

  /** The guest end of the port forwarder; without it the VM still runs, with a warning. */
  private async startPortForwarding(vm: RunningVm): Promise<{ portDialer?: GuestDialer; portProblem?: string }> {
    const agentPort = Number(await fs.readFile(vm.paths.agentPort, 'utf8').catch(() => ''));
    if (!agentPort) return { portProblem: 'this VM was started by an older Berth. Restart the engine.' };
    try {
      vm.portAgent = await startPortAgent(vm.channel);
      return { portDialer: new AgentDialer(agentPort, vm.portAgent.secret) };
    } catch (error) {
      return { portProblem: (error as Error).message };
    }
  }

  /**
   * Docker in the VM answers again after its daemon restarted (the guest's init
   * restarts it): a fresh client over the same bridge, the same VM, guest
   * channel and port agent. Refused when the VM or its channel is gone.
   */
  async reconnect(): Promise<EngineConnection> {
    const vm = this.requireVm();
    if (!this.lastConnection || vm.channel.isClosed) throw new BerthError('engine-unavailable', "The VM's guest channel is closed; restart the engine.");
    const docker = new Dockerode({ socketPath: vm.paths.dockerSocket });
    await docker.ping();
    return { ...this.lastConnection, docker, warnings: [...this.lastConnection.warnings] };
  }

  async sampleGuest(): Promise<GuestSample> {
    const result = await this.requireVm().channel.exec(SAMPLE_COMMAND, { timeoutMs: 10_000 });
    if (result.code !== 0) throw new BerthError('internal', `sampling the VM failed: ${result.stderr.trim()}`);
    return parseSample(result.stdout);
  }

  async pause(): Promise<void> {
    await this.requireVm().qmp.stop();
  }

  async resume(): Promise<void> {
    await this.requireVm().qmp.cont();
  }

  private requireVm(): RunningVm {
    if (!this.vm) throw new BerthError('conflict', 'The VM is not running.');
    return this.vm;
  }

  /** Ends the QEMU process (gracefully when it can) and clears its pid file and sockets. */
  private async teardown(record: PidRecord, qmp: QmpClient | null, report: (message: string) => void): Promise<void> {
    const paths = defaultInstancePaths(this.options.paths);
    try {
      const how = await stopQemu(record, { qmp, gracefulMs: GRACEFUL_STOP_MS, report });
      this.options.log(`VM stopped: ${how}`);
    } finally {
      await qmp?.close().catch(() => undefined);
      this.shareEvents?.close();
      this.shareEvents = null;
      await this.shares?.daemons?.stop();
      this.shares = null;
      await clearStaleRun(paths).catch(() => undefined);
    }
  }
}

/** What Berth holds on the host for a VM (exit watch, port agent, Docker socket bridge, guest channel), before QEMU goes. */
async function releaseHostSide(vm: RunningVm): Promise<void> {
  vm.unwatchExit();
  vm.portAgent?.stop();
  await vm.bridge.close().catch(() => undefined);
  vm.channel.close();
}

async function openChannel(paths: InstancePaths, port: number, deadlineMs: number, signal: AbortSignal): Promise<GuestChannel> {
  const privateKey = await fs.readFile(paths.sshPrivateKey);
  return GuestChannel.connect({ port, privateKey, knownHostFile: paths.knownHost, deadlineMs, signal });
}

function guestArch(): GuestArch {
  if (process.arch === 'x64') return 'x86_64';
  if (process.arch === 'arm64') return 'aarch64';
  throw new BerthError('not-supported', `Berth's VM runs on x86-64 and arm64 hosts, not ${process.arch}.`);
}

/** A port the kernel just gave us on 127.0.0.1; QEMU binds it right after. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Turns "QEMU exited" into QEMU's own words, which say what is wrong. */
async function explainBootFailure(error: unknown, paths: InstancePaths, exited: AbortSignal): Promise<Error> {
  if (!exited.aborted) return error instanceof Error ? error : new Error(String(error));
  const stderr = (await fs.readFile(paths.qemuLog, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n');
  return new BerthError('engine-unavailable', `QEMU stopped while the VM was booting: ${stderr || (exited.reason as Error).message}`);
}
