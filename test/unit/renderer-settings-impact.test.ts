import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../preload/contract/dto';
import type { Settings, SettingsLimits } from '../../preload/contract/settings';
import {
  VM_ONLY_KEYS,
  backendInUse,
  impactNotice,
  runningBackend,
} from '../../renderer/src/settings/impact';
import { patchOf, validateSettings } from '../../renderer/src/settings/validation';
import { SAMPLE_SETTINGS } from '../fixtures/settings';

const saved: Settings = SAMPLE_SETTINGS;

const limits: SettingsLimits = {
  cpus: { min: 1, max: 8 },
  memoryMiB: { min: 1024, max: 16384 },
  diskGiB: { min: 16, max: 512 },
};

const engine = (state: EngineStatus['state'], backend: EngineStatus['backend']) => ({ state, backend });

describe('renderer settings impact: the notice before Apply follows the engine that runs', () => {
  it('knows the VM-only fields', () => {
    expect([...VM_ONLY_KEYS].sort()).toEqual(['accelerator', 'cpus', 'diskGiB', 'fileWatchIgnore', 'guestImagePath', 'memoryMiB', 'shareMechanism', 'shares']);
  });

  it('a running or paused engine is its backend; any other state restarts nothing', () => {
    expect(runningBackend(engine('running', 'qemu'))).toBe('qemu');
    expect(runningBackend(engine('paused', 'native'))).toBe('native');
    for (const state of ['stopped', 'starting', 'stopping', 'error'] as const) {
      expect(runningBackend(engine(state, 'qemu'))).toBeNull();
    }
    expect(runningBackend(null)).toBeNull();
  });

  it('says nothing when nothing changed', () => {
    expect(impactNotice(saved, { ...saved }, 'qemu')).toBeNull();
  });

  it('stopped engine: saved, applies at the next start, nothing restarts', () => {
    for (const change of [{ cpus: 4 }, { backend: 'qemu' as const }, { accelerator: 'tcg' as const }]) {
      const notice = impactNotice(saved, { ...saved, ...change }, null);
      expect(notice).toEqual({ impact: 'none', tone: 'info', text: 'Saved; applies when the engine starts. Nothing restarts now.' });
    }
  });

  it('QEMU: VM-only fields restart the VM, engine fields the engine, the worst one wins', () => {
    for (const change of [{ cpus: 4 }, { memoryMiB: 8192 }, { diskGiB: 128 }, { accelerator: 'kvm' as const }, { guestImagePath: '/opt/guest' }, { shares: [] }]) {
      const notice = impactNotice(saved, { ...saved, ...change }, 'qemu');
      expect(notice?.impact).toBe('vm-restart');
      expect(notice?.tone).toBe('warn');
      expect(notice?.text).toMatch(/^Applying restarts the VM: /);
    }
    expect(impactNotice(saved, { ...saved, backend: 'native' }, 'qemu')?.text).toMatch(/^Applying restarts the engine: /);
    expect(impactNotice(saved, { ...saved, backend: 'native', cpus: 3 }, 'qemu')?.impact).toBe('vm-restart');
  });

  it('native: VM-only fields cost nothing and say why; engine fields restart the engine', () => {
    const vmOnly = impactNotice(saved, { ...saved, cpus: 4, accelerator: 'tcg' }, 'native');
    expect(vmOnly?.impact).toBe('none');
    expect(vmOnly?.tone).toBe('info');
    expect(vmOnly?.text).toMatch(/nothing restarts.*native backend does not use/);
    const engineField = impactNotice(saved, { ...saved, cpus: 4, backend: 'qemu' }, 'native');
    expect(engineField).toMatchObject({ impact: 'engine-restart', tone: 'warn' });
    expect(engineField?.text).toMatch(/^Applying restarts the engine: /);
  });

  it('app-only fields and the bind policy (re-applied live) take effect right away on any engine', () => {
    for (const running of [null, 'native', 'qemu'] as const) {
      expect(impactNotice(saved, { ...saved, theme: 'dark', startAtLogin: true, portBindPolicy: 'all-interfaces' }, running)).toEqual({
        impact: 'none',
        tone: 'info',
        text: 'Takes effect right away; nothing restarts.',
      });
    }
  });

  it('judges the VM-only hint by the chosen backend, or for auto by the one that runs', () => {
    expect(backendInUse({ backend: 'native' }, engine('running', 'qemu'))).toBe('native');
    expect(backendInUse({ backend: 'qemu' }, engine('running', 'native'))).toBe('qemu');
    expect(backendInUse({ backend: 'auto' }, engine('running', 'native'))).toBe('native');
    expect(backendInUse({ backend: 'auto' }, engine('stopped', null))).toBeNull();
  });
});

describe('renderer settings: guest image folder', () => {
  it('is optional: null and blank are fine', () => {
    expect(validateSettings({ ...saved, guestImagePath: null }, limits)).toEqual({});
    expect(validateSettings({ ...saved, guestImagePath: '   ' }, limits)).toEqual({});
  });

  it('must be absolute when set, with a message naming the field', () => {
    expect(validateSettings({ ...saved, guestImagePath: 'images/guest' }, limits).guestImagePath).toBe(
      'Guest image folder must be an absolute path, or empty to use the default image.',
    );
    expect(validateSettings({ ...saved, guestImagePath: '/opt/berth/guest' }, limits)).toEqual({});
    expect(validateSettings({ ...saved, guestImagePath: 'C:\\Berth\\guest' }, limits)).toEqual({});
  });

  it('is sent trimmed, and blank as null', () => {
    expect(patchOf(saved, { ...saved, guestImagePath: ' /opt/guest ' })).toEqual({ guestImagePath: '/opt/guest' });
    expect(patchOf({ ...saved, guestImagePath: '/opt/guest' }, { ...saved, guestImagePath: ' ' })).toEqual({ guestImagePath: null });
    expect(patchOf(saved, { ...saved, accelerator: 'tcg' })).toEqual({ accelerator: 'tcg' });
  });
});
