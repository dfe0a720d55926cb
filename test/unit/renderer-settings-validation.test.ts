import { describe, expect, it } from 'vitest';
import type { Settings, SettingsLimits } from '../../preload/contract/settings';
import { changedKeys, patchOf, validateSettings } from '../../renderer/src/settings/validation';
import { SAMPLE_SETTINGS } from '../fixtures/settings';

const limits: SettingsLimits = {
  cpus: { min: 1, max: 8 },
  memoryMiB: { min: 1024, max: 16384 },
  diskGiB: { min: 16, max: 512 },
};

const saved: Settings = SAMPLE_SETTINGS;

describe('renderer settings validation', () => {
  it('accepts a draft inside the limits', () => {
    expect(validateSettings(saved, limits)).toEqual({});
  });

  it('names the field and its allowed range', () => {
    const errors = validateSettings({ ...saved, cpus: 12, memoryMiB: 512, diskGiB: 1000 }, limits);
    expect(errors.cpus).toBe('CPUs must be a whole number between 1 and 8.');
    expect(errors.memoryMiB).toBe('Memory (MiB) must be a whole number between 1024 and 16384.');
    expect(errors.diskGiB).toBe('Disk (GiB) must be a whole number between 16 and 512.');
  });

  it('refuses fractions and empty inputs (NaN) with the same message', () => {
    expect(validateSettings({ ...saved, cpus: 1.5 }, limits).cpus).toMatch(/^CPUs .* between 1 and 8/);
    expect(validateSettings({ ...saved, memoryMiB: NaN }, limits).memoryMiB).toMatch(/^Memory \(MiB\) .* between 1024 and 16384/);
  });

  it('accepts the bounds themselves', () => {
    expect(validateSettings({ ...saved, cpus: 1, memoryMiB: 16384, diskGiB: 16 }, limits)).toEqual({});
  });

  it('checks shared folders: empty, relative and duplicate paths, by row', () => {
    const errors = validateSettings(
      {
        ...saved,
        shares: [
          { hostPath: '/home/me', writable: true },
          { hostPath: '', writable: false },
          { hostPath: 'relative/dir', writable: true },
          { hostPath: '/home/me', writable: false },
          { hostPath: 'C:\\Users\\me', writable: true },
        ],
      },
      limits,
    );
    expect(errors['shares.0']).toBeUndefined();
    expect(errors['shares.1']).toMatch(/^Shared folder 2: enter a host path/);
    expect(errors['shares.2']).toMatch(/^Shared folder 3: .*absolute/);
    expect(errors['shares.3']).toMatch(/^Shared folder 4: \/home\/me is already shared/);
    expect(errors['shares.4']).toBeUndefined();
  });

  it('sends only the changed fields', () => {
    const draft: Settings = { ...saved, cpus: 4, theme: 'dark' };
    expect(changedKeys(saved, draft).sort()).toEqual(['cpus', 'theme']);
    expect(patchOf(saved, draft)).toEqual({ cpus: 4, theme: 'dark' });
    expect(patchOf(saved, { ...saved })).toEqual({});
  });

  it('sends the whole shares list when one row changed, paths trimmed', () => {
    const draft: Settings = { ...saved, shares: [...saved.shares, { hostPath: ' /srv ', writable: false }] };
    expect(patchOf(saved, draft)).toEqual({
      shares: [
        { hostPath: '/home/me', writable: true },
        { hostPath: '/srv', writable: false },
      ],
    });
  });
});
