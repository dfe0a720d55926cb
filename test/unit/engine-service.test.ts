import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { EngineState, EngineStatus } from '../../preload/contract';
import type { EngineBackend } from '../../main/core/engine/backend';
import { EngineService } from '../../main/core/engine/engine-service';
import { EventBus } from '../../main/core/events';
import { SettingsStore } from '../../main/core/settings/store';
import type { DockerService } from '../../main/core/docker/docker-service';

const host = { cpus: 2, memoryMiB: 8192, home: '/home/dev' };

/** A Docker service stand-in whose event stream the test can cut. */
function fakeDocker() {
  let lose: ((error: Error) => void) | null = null;
  const docker = {
    watch: (onLost: (error: Error) => void) => {
      lose = onLost;
      return () => (lose = null);
    },
  } as unknown as DockerService;
  return { docker, lose: (error: Error) => lose?.(error) };
}

async function setup(backend: Partial<EngineBackend> & { kind: 'native' | 'qemu' }, answers = async () => true) {
  const bus = new EventBus();
  const states: EngineState[] = [];
  bus.on('engine:state-changed', (s: EngineStatus) => states.push(s.state));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-engine-'));
  const settings = await SettingsStore.load(path.join(dir, 'settings.json'), host, bus);
  const fake = fakeDocker();
  const full: EngineBackend = {
    start: async () => ({ docker: {} as never, dockerHost: 'unix:///x.sock', warnings: [] }),
    stop: async () => undefined,
    ...backend,
  };
  const engine = new EngineService({
    bus,
    settings,
    createBackend: () => full,
    resolveAuto: async () => backend.kind,
    engineAnswers: answers,
    createDockerService: () => fake.docker,
  });
  return { engine, states, fake, settings, bus };
}

describe('engine state machine', () => {
  it('a VM that died is torn down once and reported, never reattached; the next start makes a new backend', async () => {
    const bus = new EventBus();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-engine-'));
    const settings = await SettingsStore.load(path.join(dir, 'settings.json'), host, bus);
    const made: { stop: ReturnType<typeof vi.fn>; reconnect: ReturnType<typeof vi.fn> }[] = [];
    const createBackend = vi.fn((): EngineBackend => {
      const backend = {
        kind: 'qemu' as const,
        start: async () => ({ docker: {} as never, dockerHost: 'unix:///x.sock', warnings: [] }),
        stop: vi.fn(async () => undefined),
        reconnect: vi.fn(async () => ({ docker: {} as never, dockerHost: 'unix:///x.sock', warnings: [] })),
      };
      made.push(backend);
      return backend;
    });
    const engine = new EngineService({ bus, settings, createBackend, resolveAuto: async () => 'qemu', createDockerService: () => fakeDocker().docker });
    await engine.start();
    const first = createBackend.mock.results[0]!.value as EngineBackend;
    await engine.vmExited(first, 'QEMU exited (signal SIGKILL)');
    await engine.vmExited(first, 'QEMU exited (signal SIGKILL)');
    expect(made[0]!.stop).toHaveBeenCalledTimes(1);
    expect(engine.getStatus()).toMatchObject({ state: 'error', error: expect.stringMatching(/^The VM stopped unexpectedly: QEMU exited \(signal SIGKILL\)\. Start the engine again/) });
    expect((await engine.start()).state).toBe('running');
    expect(made[0]!.reconnect).not.toHaveBeenCalled();
    expect(createBackend).toHaveBeenCalledTimes(2);
    // A late report about the old VM leaves the new one alone.
    await engine.vmExited(first, 'QEMU exited (signal SIGKILL)');
    expect(engine.getStatus().state).toBe('running');
    expect(made[1]!.stop).not.toHaveBeenCalled();
  });

  it('shows a warning that arises while running (a lost share) with the status, and forgets it at the next start', async () => {
    const connectionWarnings = ['emulated'];
    const { engine, bus } = await setup({ kind: 'qemu', start: async () => ({ docker: {} as never, dockerHost: 'unix:///x.sock', warnings: connectionWarnings }) });
    engine.addWarning('ignored while stopped');
    await engine.start();
    const pushed: string[][] = [];
    bus.on('engine:state-changed', (s: EngineStatus) => pushed.push(s.warnings));
    // The backend keeps adding to its own list; the status hears of it through addWarning only.
    connectionWarnings.push('share lost');
    engine.addWarning('share lost');
    engine.addWarning('share lost');
    expect(engine.getStatus().warnings).toEqual(['emulated', 'share lost']);
    expect(pushed).toEqual([['emulated', 'share lost']]);
    await engine.stop();
    connectionWarnings.splice(1);
    expect((await engine.start()).warnings).toEqual(['emulated']);
  });

  it('goes stopped → starting → running → stopping → stopped, with progress', async () => {
    const { engine, states } = await setup({
      kind: 'native',
      start: async (report) => {
        report({ step: 'connect', message: 'Connecting', fraction: 0.5 });
        return { docker: {} as never, dockerHost: 'unix:///x.sock', warnings: ['w'] };
      },
    });
    const running = await engine.start();
    expect(running).toMatchObject({ state: 'running', backend: 'native', dockerHost: 'unix:///x.sock', warnings: ['w'] });
    await engine.stop();
    expect(states[0]).toBe('starting');
    expect(states).toContain('running');
    expect(states.slice(-2)).toEqual(['stopping', 'stopped']);
    expect(engine.getStatus()).toMatchObject({ state: 'stopped', backend: null, dockerHost: null });
  });

  it('lands in error with the backend message when start fails', async () => {
    const { engine } = await setup(
      { kind: 'qemu', start: async () => Promise.reject(new Error('No Berth guest image found')) },
      async () => false,
    );
    await expect(engine.start()).rejects.toThrow('No Berth guest image found');
    expect(engine.getStatus()).toMatchObject({ state: 'error', error: 'No Berth guest image found' });
    expect(() => engine.dockerService()).toThrow(/not available: No Berth guest image found/);
  });

  it('refuses to pause a native engine, and pauses and resumes one that can', async () => {
    const native = await setup({ kind: 'native' });
    await native.engine.start();
    await expect(native.engine.pause()).rejects.toMatchObject({ code: 'not-supported' });

    const pause = vi.fn(async () => undefined);
    const resume = vi.fn(async () => undefined);
    const vm = await setup({ kind: 'qemu', pause, resume });
    await vm.engine.start();
    expect((await vm.engine.pause()).state).toBe('paused');
    await expect(vm.engine.pause()).rejects.toMatchObject({ code: 'conflict' });
    expect((await vm.engine.resume()).state).toBe('running');
    expect([pause.mock.calls.length, resume.mock.calls.length]).toEqual([1, 1]);
  });

  it('runs overlapping commands one after another', async () => {
    let starts = 0;
    const { engine } = await setup({ kind: 'native', start: async () => (starts++, { docker: {} as never, dockerHost: 'h', warnings: [] }) });
    await Promise.all([engine.start(), engine.start(), engine.restart()]);
    expect(starts).toBe(2);
    expect(engine.getStatus().state).toBe('running');
  });

  it('reconnects by itself when a lost host engine answers again', async () => {
    vi.useFakeTimers();
    try {
      let up = true;
      const { engine, fake } = await setup({ kind: 'native' }, async () => up);
      await engine.start();
      up = false;
      fake.lose(new Error('connection reset'));
      expect(engine.getStatus()).toMatchObject({ state: 'error', error: expect.stringContaining('connection reset') });
      await vi.advanceTimersByTimeAsync(1_500);
      expect(engine.getStatus().state).toBe('error');
      up = true;
      await vi.advanceTimersByTimeAsync(2_500);
      expect(engine.getStatus().state).toBe('running');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a VM whose Docker was lost, reattaches when Docker there answers, and never boots twice', async () => {
    vi.useFakeTimers();
    try {
      let dockerUp = true;
      let starts = 0;
      const { engine, fake } = await setup({
        kind: 'qemu',
        start: async () => {
          starts++;
          return { docker: {} as never, dockerHost: 'unix:///vm.sock', warnings: [] };
        },
        reconnect: async () => {
          if (!dockerUp) throw new Error('connect ECONNREFUSED');
          return { docker: {} as never, dockerHost: 'unix:///vm.sock', warnings: [] };
        },
      });
      await engine.start();
      dockerUp = false;
      fake.lose(new Error('read ECONNRESET'));
      expect(engine.getStatus()).toMatchObject({ state: 'error', error: expect.stringContaining('Reconnecting') });
      await vi.advanceTimersByTimeAsync(3_500);
      expect(engine.getStatus().state).toBe('error');
      dockerUp = true;
      await vi.advanceTimersByTimeAsync(5_500);
      expect(engine.getStatus()).toMatchObject({ state: 'running', error: null, dockerHost: 'unix:///vm.sock' });
      expect(starts).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops the kept VM when the engine is stopped while Docker in it is lost (no orphan)', async () => {
    const stopped: string[] = [];
    const { engine, fake } = await setup({
      kind: 'qemu',
      reconnect: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      stop: async () => void stopped.push('vm'),
    });
    await engine.start();
    fake.lose(new Error('read ECONNRESET'));
    await engine.stop();
    expect(stopped).toEqual(['vm']);
    expect(engine.getStatus().state).toBe('stopped');
  });

  it('a start after a lost VM engine that does not answer stops that VM and boots a new one', async () => {
    const events: string[] = [];
    const { engine, fake } = await setup({
      kind: 'qemu',
      start: async () => {
        events.push('boot');
        return { docker: {} as never, dockerHost: 'unix:///vm.sock', warnings: [] };
      },
      reconnect: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      stop: async () => void events.push('stop'),
    });
    await engine.start();
    fake.lose(new Error('read ECONNRESET'));
    expect((await engine.start()).state).toBe('running');
    expect(events).toEqual(['boot', 'stop', 'boot']);
  });

  it('tells the settings what the engine started with', async () => {
    const { engine, settings } = await setup({ kind: 'qemu' });
    await engine.start();
    await settings.update({ cpus: 1 });
    expect(settings.snapshot().pendingRestart).toBe('vm-restart');
    await engine.restart();
    expect(settings.snapshot().pendingRestart).toBe('none');
  });
});
