/**
 * The tray icon: the engine's state at a glance and Start / Stop / Restart
 * without opening the window. It follows `engine:state-changed` on the bus, so
 * a change made from the window, the CLI (through the control socket) or the
 * engine itself shows up here the same way.
 *
 * Clicks call berth.engine; a failure is logged and shown in the menu, never
 * thrown.
 */
import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { EngineStatus } from '../../preload/contract';
import type { Berth } from '../core/berth';
import {
  buildTrayModel,
  carryActionError,
  iconFileName,
  type EngineAction,
  type TrayAction,
  type TrayActionError,
  type TrayIconName,
  type TrayModel,
} from './tray-model';

export interface TrayOptions {
  /** The folder with the tray icons (assets/tray). */
  iconDir: string;
  /** "Open Dashboard" (and a left click on Windows). */
  onOpen(): void;
  /** "Quit Berth". */
  onQuit(): void;
  log?: Pick<Console, 'warn' | 'error'>;
}

export interface BerthTray {
  dispose(): Promise<void>;
}

export interface TrayBerth {
  bus: Berth['bus'];
  engine: Pick<Berth['engine'], 'getStatus' | EngineAction>;
}

export function createTray(berth: TrayBerth, options: TrayOptions): BerthTray {
  const log = options.log ?? console;
  const isMac = process.platform === 'darwin';
  const icons = new Map<TrayIconName, NativeImage>();
  let status: EngineStatus | null = null;
  let actionError: TrayActionError | null = null;
  let disposed = false;

  const tray = new Tray(iconFor(buildTrayModel(null).icon));

  function iconFor(name: TrayIconName): NativeImage {
    let image = icons.get(name);
    if (!image) {
      // createFromPath picks up name@2x.png beside name.png on high-density screens.
      image = nativeImage.createFromPath(path.join(options.iconDir, iconFileName(name, isMac)));
      if (image.isEmpty()) log.warn(`berth: tray icon ${iconFileName(name, isMac)} is missing in ${options.iconDir}`);
      if (isMac) image.setTemplateImage(true);
      icons.set(name, image);
    }
    return image;
  }

  function render(): void {
    if (disposed || tray.isDestroyed()) return;
    const model = buildTrayModel(status, actionError, { escapeMnemonics: !isMac });
    tray.setImage(iconFor(model.icon));
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(toTemplate(model)));
  }

  function toTemplate(model: TrayModel): MenuItemConstructorOptions[] {
    return model.items.map((entry): MenuItemConstructorOptions => {
      if (entry.kind === 'separator') return { type: 'separator' };
      const action = entry.action;
      return {
        id: entry.id,
        label: entry.label,
        enabled: entry.enabled,
        ...(action ? { click: () => run(action) } : {}),
      };
    });
  }

  function run(action: TrayAction): void {
    try {
      if (action === 'open') options.onOpen();
      else if (action === 'quit') options.onQuit();
      else void engineAction(action);
    } catch (error) {
      log.error(`berth: tray action ${String(action)} failed:`, error);
    }
  }

  async function engineAction(action: EngineAction): Promise<void> {
    const stateAtClick = status?.state ?? null;
    actionError = null;
    render();
    try {
      // The new state arrives as engine:state-changed.
      await berth.engine[action]();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`berth: tray ${action} failed:`, error);
      actionError = { action, message, state: status?.state ?? stateAtClick };
    }
    render();
  }

  function onStatus(next: EngineStatus): void {
    status = next;
    actionError = carryActionError(actionError, next);
    render();
  }

  if (!isMac) tray.on('click', () => run('open'));
  const unsubscribe = berth.bus.on('engine:state-changed', onStatus);
  try {
    onStatus(berth.engine.getStatus());
  } catch (error) {
    log.warn('berth: tray could not read the engine status:', error);
    render();
  }

  return {
    async dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribe();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
