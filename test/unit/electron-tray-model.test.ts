import { describe, expect, it } from 'vitest';
import type { EngineState, EngineStatus } from '../../preload/contract';
import {
  MAX_MENU_TEXT,
  MAX_TOOLTIP,
  TRAY_ICON_NAMES,
  buildTrayModel,
  carryActionError,
  enabledActions,
  iconFileName,
  iconForState,
  trayTooltip,
  type TrayMenuEntry,
  type TrayModel,
} from '../../main/electron/tray-model';

function status(state: EngineState, extra: Partial<EngineStatus> = {}): EngineStatus {
  return { state, backend: 'qemu', dockerHost: null, progress: null, error: null, warnings: [], vm: null, ...extra };
}

type Item = Extract<TrayMenuEntry, { kind: 'item' }>;
const item = (model: TrayModel, id: string): Item | undefined =>
  model.items.find((entry): entry is Item => entry.kind === 'item' && entry.id === id);
const enabledIds = (model: TrayModel) =>
  model.items.filter((entry): entry is Item => entry.kind === 'item' && entry.enabled).map((entry) => entry.id);

describe('tray icon', () => {
  it.each([
    ['running', 'running'],
    ['stopped', 'stopped'],
    ['starting', 'busy'],
    ['stopping', 'busy'],
    ['paused', 'paused'],
    ['error', 'error'],
  ] as const)('%s → %s', (state, icon) => {
    expect(iconForState(state)).toBe(icon);
  });

  it('shows "stopped" before the first status', () => {
    expect(iconForState(null)).toBe('stopped');
  });

  it('names template images for macOS and plain ones elsewhere', () => {
    expect(iconFileName('running', false)).toBe('running.png');
    expect(iconFileName('error', true)).toBe('errorTemplate.png');
    expect(new Set(TRAY_ICON_NAMES.map((name) => iconFileName(name, false))).size).toBe(TRAY_ICON_NAMES.length);
  });
});

describe('tray menu', () => {
  it.each([
    ['stopped', ['open', 'start', 'quit']],
    ['starting', ['open', 'stop', 'quit']],
    ['running', ['open', 'stop', 'restart', 'quit']],
    ['stopping', ['open', 'quit']],
    ['paused', ['open', 'resume', 'stop', 'restart', 'quit']],
    ['error', ['open', 'start', 'stop', 'quit']],
  ] as const)('%s enables %j', (state, ids) => {
    expect(enabledIds(buildTrayModel(status(state)))).toEqual(ids);
  });

  it('offers no engine action before the first status, but Open and Quit always', () => {
    const model = buildTrayModel(null);
    expect(enabledIds(model)).toEqual(['open', 'quit']);
    expect(item(model, 'state')?.label).toBe('Engine: Checking…');
  });

  it('always lists Start, Stop and Restart, and Resume only when paused', () => {
    for (const state of ['stopped', 'starting', 'running', 'stopping', 'error'] as const) {
      const model = buildTrayModel(status(state));
      expect(['start', 'stop', 'restart'].every((id) => item(model, id))).toBe(true);
      expect(item(model, 'resume')).toBeUndefined();
    }
    expect(item(buildTrayModel(status('paused')), 'resume')?.enabled).toBe(true);
  });

  it('starts with a disabled line naming the state and backend, then the dashboard, actions and Quit', () => {
    const model = buildTrayModel(status('running'));
    expect(model.items[0]).toEqual({ kind: 'item', id: 'state', label: 'Engine: Running (qemu)', enabled: false, action: null });
    expect(model.items.map((entry) => (entry.kind === 'item' ? entry.id : '-'))).toEqual([
      'state', '-', 'open', '-', 'start', 'stop', 'restart', '-', 'quit',
    ]);
    expect(item(model, 'open')?.action).toBe('open');
    expect(item(model, 'quit')?.action).toBe('quit');
    expect(item(model, 'restart')?.action).toBe('restart');
  });

  it('shows the error text in the error state, on one line and shortened', () => {
    const long = `QEMU exited:\n${'x'.repeat(300)}`;
    const model = buildTrayModel(status('error', { error: long }));
    expect(item(model, 'state')?.label).toBe('Engine: Error (qemu)');
    const line = item(model, 'state-error')!;
    expect(line.enabled).toBe(false);
    expect(line.label.startsWith('QEMU exited: xxx')).toBe(true);
    expect(line.label).not.toContain('\n');
    expect(line.label.length).toBeLessThanOrEqual(MAX_MENU_TEXT);
    expect(line.label.endsWith('…')).toBe(true);
  });

  it('shows progress while starting and warnings', () => {
    const model = buildTrayModel(
      status('starting', {
        progress: { step: 'boot', message: 'Booting the VM', fraction: 0.42 },
        warnings: ['No hardware acceleration: the VM is emulated (TCG) and slow', 'second', 'third'],
      }),
    );
    expect(item(model, 'state-progress')?.label).toBe('Booting the VM (42%)');
    expect(item(model, 'warning-0')?.label).toBe('⚠ No hardware acceleration: the VM is emulated (TCG) and slow');
    expect(item(model, 'warning-1')).toBeDefined();
    expect(item(model, 'warning-2')).toBeUndefined();
  });

  it('shows a failed action until the engine moves on', () => {
    const failure = { action: 'start' as const, message: 'Docker is not reachable', state: 'stopped' as const };
    const model = buildTrayModel(status('stopped'), failure);
    expect(item(model, 'action-error')).toMatchObject({ label: 'Start failed: Docker is not reachable', enabled: false });
    expect(carryActionError(failure, status('stopped'))).toBe(failure);
    expect(carryActionError(failure, status('starting'))).toBeNull();
    expect(carryActionError(null, status('stopped'))).toBeNull();
  });

  it('does not repeat the engine’s own error as the action error', () => {
    const failure = { action: 'start' as const, message: 'KVM busy', state: 'error' as const };
    expect(item(buildTrayModel(status('error', { error: 'KVM busy' }), failure), 'action-error')).toBeUndefined();
    expect(item(buildTrayModel(status('error', { error: 'other' }), failure), 'action-error')).toBeDefined();
  });

  it('escapes "&" in text it does not control when asked (Windows and Linux mnemonics)', () => {
    const s = status('error', { error: 'a & b' });
    expect(item(buildTrayModel(s, null, { escapeMnemonics: true }), 'state-error')?.label).toBe('a && b');
    expect(item(buildTrayModel(s), 'state-error')?.label).toBe('a & b');
  });

  it('keeps enabledActions consistent with the menu', () => {
    for (const state of ['stopped', 'starting', 'running', 'stopping', 'paused', 'error'] as const) {
      const model = buildTrayModel(status(state));
      for (const [action, enabled] of Object.entries(enabledActions(state))) {
        const entry = item(model, action);
        if (entry) expect(entry.enabled).toBe(enabled);
        else expect(action === 'resume' && !enabled).toBe(true);
      }
    }
  });
});

describe('tray tooltip', () => {
  it.each([
    [status('running'), 'Berth — Running'],
    [status('stopped'), 'Berth — Stopped'],
    [status('paused'), 'Berth — Paused'],
    [status('stopping'), 'Berth — Stopping…'],
    [status('error', { error: 'VM image missing' }), 'Berth — Error: VM image missing'],
    [status('starting', { progress: { step: 'boot', message: 'Booting the VM', fraction: 0.5 } }), 'Berth — Starting… Booting the VM'],
    [null, 'Berth — Checking…'],
  ])('%j', (s, expected) => {
    expect(trayTooltip(s)).toBe(expected);
    expect(buildTrayModel(s).tooltip).toBe(expected);
  });

  it('fits the Windows tooltip limit', () => {
    expect(trayTooltip(status('error', { error: 'e'.repeat(500) })).length).toBeLessThanOrEqual(MAX_TOOLTIP);
  });
});
