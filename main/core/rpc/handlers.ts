/** Each contract method, mapped to the core service that answers it. */
import type { EngineService } from '../engine/engine-service';
import type { ResourceWatch } from '../engine/resource-watch';
import type { PortsService } from '../ports/ports-service';
import type { SharesService } from '../sharing/shares-service';
import type { SettingsStore } from '../settings/store';
import type { Handlers } from './dispatch';

/** The services the handlers call; berth.ts builds them. Add a field per new service. */
export interface HandlerServices {
  engine: EngineService;
  settings: SettingsStore;
  resources: ResourceWatch;
  ports: PortsService;
  shares: SharesService;
}

export function createHandlers({ engine, settings, resources, ports, shares }: HandlerServices): Handlers {
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

    'ports:list': async () => ports.status(),
    'shares:list': () => shares.report(),

    'images:list': () => docker().listImages(),
    'images:remove': ({ id, force }) => docker().removeImage(id, force),

    'volumes:list': () => docker().listVolumes(),
    'volumes:create': (params) => docker().createVolume(params),
    'volumes:remove': ({ name, force }) => docker().removeVolume(name, force),

    'settings:get': async () => settings.snapshot(),
    'settings:update': ({ patch }) => settings.update(patch),
  };
}
