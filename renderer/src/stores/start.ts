/** Starts every store once, and refetches all of them after a reconnect or when the engine comes up. */
import { onReconnect } from '../api/connection';
import { containersStore } from './containers';
import { onEngineRunning, startEngineStore, useEngine } from './engine';
import { imagesStore } from './images';
import { networksStore } from './networks';
import { startPortsStore, usePorts } from './ports';
import { startSharesStore } from './shares';
import { startSettingsStore, useSettings } from './settings';
import { volumesStore } from './volumes';

const lists = [containersStore, imagesStore, volumesStore, networksStore];

export function startStores(): () => void {
  const stops = [startEngineStore(), startSettingsStore(), startPortsStore(), startSharesStore(), ...lists.map((s) => s.start())];
  const refreshLists = () => {
    for (const s of lists) void s.use.getState().refresh();
  };
  stops.push(onEngineRunning(refreshLists));
  stops.push(
    onReconnect(() => {
      void useEngine.getState().refreshStatus();
      if (useEngine.getState().status?.state === 'running') void useEngine.getState().refreshInfo();
      void useSettings.getState().refresh();
      void usePorts.getState().refresh();
      refreshLists();
    }),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
