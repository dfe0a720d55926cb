import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineInfo, EngineStatus } from '../../preload/contract/dto';
import { BerthError } from '../../preload/contract/errors';
import { setApi } from '../../renderer/src/api/client';
import { FakeApi } from '../../renderer/src/api/fake-api';
import { acceleratorWarning, engineIndicator, engineProgress, percentOf } from '../../renderer/src/lib/engine-view';
import { contrastOn, foregroundFor, parseAnsi } from '../../renderer/src/logs/ansi';
import { followInfo, useEngine } from '../../renderer/src/stores/engine';
import { runAction, toastMessage, useToasts, withoutEcho } from '../../renderer/src/stores/toasts';

const status = (state: EngineStatus['state'], extra: Partial<EngineStatus> = {}): EngineStatus => ({
  state,
  backend: 'qemu',
  dockerHost: null,
  progress: null,
  error: null,
  warnings: [],
  vm: null,
  ...extra,
});

describe('renderer toasts: the action as the title, the engine’s message once', () => {
  beforeEach(() => useToasts.setState({ toasts: [] }));

  it('drops the engine’s echo of the action', () => {
    expect(withoutEcho('Remove volume trialvol', 'remove trialvol: volume is in use - [abc123]')).toBe('volume is in use - [abc123]');
    expect(withoutEcho('Remove trialvol', 'Remove trialvol: remove trialvol: volume is in use')).toBe('volume is in use');
  });

  it('keeps messages that say something else before a colon', () => {
    const conflict = 'conflict: unable to remove repository reference "busybox:latest" (must force)';
    expect(withoutEcho('Remove busybox:latest', conflict)).toBe(conflict);
    expect(withoutEcho('Stop web-1', 'No such container: web-1')).toBe('No such container: web-1');
  });

  it('cuts full ids to 12 hex and capitalises the body', () => {
    const id = 'b0a30b8acbb91e82688ff54ef9a0c4ad761638a3a654fe9a9049be417bdd18f3';
    expect(toastMessage('Remove volume trialvol', `remove trialvol: volume is in use - [${id}]`)).toBe('Volume is in use - [b0a30b8acbb9]');
  });

  it('runAction shows a failure with the title and the message once', async () => {
    vi.useFakeTimers();
    try {
      const ok = await runAction('Remove volume trialvol', () =>
        Promise.reject(new BerthError('conflict', 'remove trialvol: volume is in use - [0123]')),
      );
      expect(ok).toBe(false);
      const [toast] = useToasts.getState().toasts;
      expect(toast).toMatchObject({ kind: 'error', title: 'Remove volume trialvol', message: 'Volume is in use - [0123]' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('renderer engine view', () => {
  it('the nav says Disconnected while the host connection is lost, whatever the last state', () => {
    expect(engineIndicator(status('running'), 'reconnecting')).toEqual({ state: 'disconnected', text: 'Disconnected' });
    expect(engineIndicator(status('running'), 'open')).toEqual({ state: 'running', text: 'Engine running' });
    expect(engineIndicator(null, 'connecting').text).toBe('Connecting…');
  });

  it('shows progress while starting or stopping, with a percentage, and an indeterminate bar before the first step', () => {
    expect(engineProgress(status('starting', { progress: { step: 'boot', message: 'Booting the VM', fraction: 0.42 } }))).toEqual({
      fraction: 0.42,
      label: 'Booting the VM',
    });
    expect(engineProgress(status('stopping'))).toEqual({ fraction: null, label: 'Stopping the engine…' });
    expect(engineProgress(status('running', { progress: { step: 'x', message: 'stale', fraction: 1 } }))).toBeNull();
    expect(percentOf(0.426)).toBe(43);
    expect(percentOf(1.5)).toBe(100);
    expect(percentOf(Number.NaN)).toBe(0);
  });

  it('warns about software emulation only', () => {
    expect(acceleratorWarning('tcg')).toBe('Software emulation — slow');
    for (const a of ['kvm', 'hvf', 'whpx'] as const) expect(acceleratorWarning(a)).toBeNull();
  });
});

describe('renderer dashboard info follows list events (debounced, no polling)', () => {
  let fake: FakeApi;
  beforeEach(() => {
    vi.useFakeTimers();
    fake = new FakeApi({ 'engine:get-info': () => ({ version: '27.0.0' }) as EngineInfo });
    setApi(fake);
    useEngine.setState({ status: status('running'), info: null, infoError: null, busy: null });
  });
  afterEach(() => {
    vi.useRealTimers();
    setApi(null);
  });

  it('a burst of container and image changes is one info fetch about a second later', async () => {
    const stop = followInfo(1000);
    fake.emit('containers:list-changed', []);
    fake.emit('images:list-changed', []);
    fake.emit('containers:list-changed', []);
    await vi.advanceTimersByTimeAsync(900);
    expect(fake.count('engine:get-info')).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.count('engine:get-info')).toBe(1);
    expect(useEngine.getState().info?.version).toBe('27.0.0');

    // Nothing happens without events.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.count('engine:get-info')).toBe(1);

    fake.emit('images:list-changed', []);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.count('engine:get-info')).toBe(2);
    stop();
    expect(fake.listenerCount('containers:list-changed')).toBe(0);
    expect(fake.listenerCount('images:list-changed')).toBe(0);
  });

  it('does not ask a stopped engine, and a stop cancels a pending fetch', async () => {
    const stop = followInfo(1000);
    useEngine.setState({ status: status('stopped') });
    fake.emit('containers:list-changed', []);
    await vi.advanceTimersByTimeAsync(1500);
    expect(fake.count('engine:get-info')).toBe(0);

    useEngine.setState({ status: status('running') });
    fake.emit('containers:list-changed', []);
    stop();
    await vi.advanceTimersByTimeAsync(1500);
    expect(fake.count('engine:get-info')).toBe(0);
  });
});

function ratio(a: string, b: string): number {
  const lum = (h: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const v = parseInt(h.slice(i, i + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('renderer ansi: a background alone gets a readable foreground', () => {
  it('theme colours get their --ansi-on-N partner; explicit foregrounds are kept', () => {
    const [yellowBg] = parseAnsi('\x1b[43m warn \x1b[0m');
    expect(foregroundFor(yellowBg!)).toBe('var(--ansi-on-3)');
    const [whiteBg] = parseAnsi('\x1b[107mtext');
    expect(foregroundFor(whiteBg!)).toBe('var(--ansi-on-15)');
    const [both] = parseAnsi('\x1b[31;43mred on yellow');
    expect(foregroundFor(both!)).toBe('var(--ansi-1)');
    const [plain] = parseAnsi('plain');
    expect(foregroundFor(plain!)).toBeUndefined();
  });

  it('256-colour and truecolour backgrounds get black or white by contrast', () => {
    expect(contrastOn('#ffff00')).toBe('#000000');
    expect(contrastOn('#ffffff')).toBe('#000000');
    expect(contrastOn('#000080')).toBe('#ffffff');
    const [span] = parseAnsi('\x1b[48;5;226myellow');
    expect(foregroundFor(span!)).toBe('#000000');
  });

  it('every --ansi-on-N reads on --ansi-N at WCAG AA (4.5:1) in both themes', () => {
    const css = readFileSync(new URL('../../renderer/src/styles.css', import.meta.url), 'utf8');
    const [light, dark] = css.split(":root[data-theme='dark']");
    for (const [theme, text] of [['light', light!], ['dark', dark!]] as const) {
      for (let n = 0; n < 16; n++) {
        const bg = new RegExp(`--ansi-${n}: (#[0-9a-f]{6});`).exec(text)?.[1];
        const fg = new RegExp(`--ansi-on-${n}: (#[0-9a-f]{6});`).exec(text)?.[1];
        expect(bg, `${theme} --ansi-${n}`).toBeDefined();
        expect(fg, `${theme} --ansi-on-${n}`).toBeDefined();
        expect(ratio(bg!, fg!), `${theme} ${n}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
