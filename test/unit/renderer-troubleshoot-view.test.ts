import { describe, expect, it } from 'vitest';
import type { ResetPlan } from '../../preload/contract';
import { bundleDownloadUrl, resetWording, restartWording } from '../../renderer/src/lib/troubleshoot-view';

const vmPlan: ResetPlan = {
  backend: 'qemu',
  dataDisk: { path: '/state/vms/default/data.img', sizeBytes: 3 * 2 ** 30 },
  settingsFile: '/config/settings.json',
  note: null,
};

describe('resetWording', () => {
  it('erase: names the data disk, its size and the settings file as lost', () => {
    const w = resetWording(vmPlan, true);
    expect(w.lost.join(' ')).toContain('/config/settings.json');
    expect(w.lost.join(' ')).toMatch(/containers, images, volumes and build cache.*data\.img, 3(\.0)? GiB used.*cannot be undone/);
    expect(w.kept).toEqual([]);
    expect(w.confirmLabel).toBe('Reset and erase data');
  });

  it('keep: the data disk is listed as kept, only the settings as lost', () => {
    const w = resetWording(vmPlan, false);
    expect(w.lost).toHaveLength(1);
    expect(w.kept.join(' ')).toContain('data.img');
    expect(w.confirmLabel).toBe('Reset settings');
  });

  it("native backend: says the host engine's data is kept even with erase chosen", () => {
    const w = resetWording({ ...vmPlan, backend: 'native', dataDisk: null, note: 'x' }, true);
    expect(w.lost).toHaveLength(1);
    expect(w.kept.join(' ')).toMatch(/this computer's own Docker Engine.*never erases/);
    expect(w.confirmLabel).toBe('Reset settings');
  });
});

describe('restartWording and bundleDownloadUrl', () => {
  it('says what a restart does per backend', () => {
    expect(restartWording('qemu')).toMatch(/every running container stops/);
    expect(restartWording('native')).toMatch(/keep running/);
  });
  it('points at the web host download route', () => {
    expect(bundleDownloadUrl('berth-diagnostics-20261204-164444.tar.gz')).toBe('/api/diagnostics/berth-diagnostics-20261204-164444.tar.gz');
  });
});
