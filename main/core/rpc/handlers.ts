/** Each contract method, mapped to the core service that answers it. */
import { ImageOps } from '../docker/image-ops';
import { Networks } from '../docker/networks';
import { VolumeFiles } from '../docker/volume-files';
import type { VolumeSaves } from '../docker/volume-saves';
import { cancelPull, startPull } from '../docker/image-pull';
import { runContainer } from '../docker/run-container';
import { unwatchStats } from '../docker/stats';
import type { EngineService } from '../engine/engine-service';
import type { ResourceWatch } from '../engine/resource-watch';
import type { PortsService } from '../ports/ports-service';
import type { SharesService } from '../sharing/shares-service';
import type { SettingsStore } from '../settings/store';
import type { TerminalsService } from '../terminals/terminals-service';
import type { TroubleshootService } from '../troubleshoot/troubleshoot-service';
import type { WebUi } from '../../../preload/contract';
import type { Handlers } from './dispatch';

/** The services the handlers call; berth.ts builds them. Add a field per new service. */
export interface HandlerServices {
  engine: EngineService;
  settings: SettingsStore;
  resources: ResourceWatch;
  ports: PortsService;
  shares: SharesService;
  troubleshoot: TroubleshootService;
  terminals: TerminalsService;
  volumeSaves: VolumeSaves;
  web: WebUiHost;
}

/** Serves the web UI from this Berth (the daemon and `berth web` can; the desktop app cannot). */
export interface WebUiHost {
  open(port: number | undefined): Promise<WebUi>;
}

export function createHandlers({ engine, settings, resources, ports, shares, troubleshoot, terminals, volumeSaves, web }: HandlerServices): Handlers {
  const docker = () => engine.dockerService();
  return {
    'engine:get-status': async () => engine.getStatus(),
    'engine:get-info': () => engine.info(),
    'engine:start': () => engine.start(),
    'engine:stop': () => engine.stop(),
    'engine:restart': () => engine.restart(),
    'engine:pause': () => engine.pause(),
    'engine:resume': () => engine.resume(),
    'engine:watch-resources': async (_params, session) => {
      await engine.sampleGuest(); // refuse now, with the reason, rather than send nothing
      return resources.watch(session);
    },
    'engine:unwatch-resources': ({ subscriptionId }, session) => resources.unwatch(subscriptionId, session),

    'containers:list': ({ all }) => docker().listContainers(all),
    'containers:inspect': ({ id }) => docker().inspectContainer(id),
    'containers:start': ({ id }) => docker().startContainer(id),
    'containers:stop': ({ id, timeoutSeconds }) => docker().stopContainer(id, timeoutSeconds),
    'containers:restart': ({ id, timeoutSeconds }) => docker().restartContainer(id, timeoutSeconds),
    'containers:pause': ({ id }) => docker().pauseContainer(id),
    'containers:unpause': ({ id }) => docker().unpauseContainer(id),
    'containers:kill': ({ id, signal }) => docker().killContainer(id, signal),
    'containers:remove': ({ id, force, volumes }) => docker().removeContainer(id, { force, volumes }),

    'logs:subscribe': (params, session) => docker().subscribeLogs(params, session),
    'logs:unsubscribe': ({ subscriptionId }, session) => docker().unsubscribeLogs(subscriptionId, session),

    'stats:watch': ({ ids }, session) => docker().watchStats(ids, session),
    'stats:unwatch': ({ subscriptionId }, session) => unwatchStats(subscriptionId, session),

    'ports:list': async () => ports.status(),
    'shares:list': () => shares.report(),

    'images:list': () => docker().listImages(),
    'images:remove': ({ id, force }) => docker().removeImage(id, force),
    'images:pull': async ({ reference }, session) => startPull(docker().client(), reference, session),
    'images:cancel-pull': ({ subscriptionId }, session) => cancelPull(subscriptionId, session),
    'images:load-file': ({ path }) => new ImageOps(docker().client()).loadFile(path),
    'images:inspect': ({ id }) => new ImageOps(docker().client()).inspect(id),
    'images:prune': ({ all }) => new ImageOps(docker().client()).prune(all),
    'containers:run': (spec) => runContainer(docker().client(), spec),

    'volumes:list': () => docker().listVolumes(),
    'volumes:create': (params) => docker().createVolume(params),
    'volumes:remove': ({ name, force }) => docker().removeVolume(name, force),
    'volumes:prune': ({ all }) => new VolumeFiles(docker().client()).prune(all),
    'volumes:users': ({ name }) => new VolumeFiles(docker().client()).users(name),
    'volumes:browse': ({ name, path }) => new VolumeFiles(docker().client()).browse(name, path),
    'volumes:save-file': ({ name, path }) => volumeSaves.saveFile(name, path),
    'volumes:export-file': ({ name }) => volumeSaves.exportFile(name),
    'volumes:import-file': ({ name, path }) => volumeSaves.importFile(name, path),

    'networks:list': () => new Networks(docker().client()).list(),
    'networks:create': (params) => new Networks(docker().client()).create(params),
    'networks:remove': ({ id }) => new Networks(docker().client()).remove(id),
    'networks:connect': ({ network, container }) => new Networks(docker().client()).connect(network, container),
    'networks:disconnect': ({ network, container, force }) =>
      new Networks(docker().client()).disconnect(network, container, force),

    'settings:get': async () => settings.snapshot(),
    'settings:update': ({ patch }) => settings.update(patch),

    'troubleshoot:get-log': ({ source, lines }) => troubleshoot.getLog(source, lines),
    'troubleshoot:create-bundle': () => troubleshoot.createBundle(),
    'troubleshoot:save-bundle': ({ fileName }) => troubleshoot.saveBundle(fileName),
    'web:open': ({ port }) => web.open(port),
    'troubleshoot:get-reset-plan': () => troubleshoot.resetPlan(),
    'troubleshoot:factory-reset': ({ eraseData }) => troubleshoot.factoryReset(eraseData),

    'terminals:open': (params, session) => terminals.open(params, session),
    'terminals:input': async ({ sessionId, data }, session) => terminals.write(sessionId, data, session),
    'terminals:resize': ({ sessionId, cols, rows }, session) => terminals.resize(sessionId, cols, rows, session),
    'terminals:close': ({ sessionId }, session) => terminals.close(sessionId, session),
  };
}
