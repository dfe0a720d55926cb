/** The `berth` commands. Each returns the process exit code. */
import path from 'node:path';
import {
  BerthError,
  SETTINGS_IMPACT,
  type BerthApi,
  type EngineStatus,
  type RestartImpact,
  type SettingsKey,
} from '../../preload/contract';
import { createBerth } from '../core/berth';
import { defaultInstancePaths } from '../core/vm/instance-files';
import { findOrphanedVm, stopOrphanedVm } from '../core/vm/orphan';
import { checkSocketPathLength, socketAnswers } from '../core/fs/unix-socket';
import { hostPaths } from '../core/paths';
import { startControlServer } from '../core/rpc/control-server';
import { serveWebUiOnRequest } from '../web/web-ui-host';
import { flag, option, parsePort, parseSettingValue, parseTail, UsageError, type ParsedArgs } from './args';
import { connect } from './connect';
import { DAEMON_LOG, spawnDaemon } from './daemon';
import { containersTable, statusText } from './format';
import { printLogs } from './logs';

type Out = { json: boolean };

function print(value: unknown, out: Out, human: () => string): void {
  process.stdout.write(`${out.json ? JSON.stringify(value, null, 2) : human()}\n`);
}

async function withBerth<T>(needsEngine: boolean, run: (api: BerthApi, mode: string) => Promise<T>): Promise<T> {
  const connection = await connect({ needsEngine });
  try {
    return await run(connection.api, connection.mode);
  } finally {
    await connection.close();
  }
}

export async function status(_args: ParsedArgs, out: Out): Promise<number> {
  return withBerth(true, async (api, mode) => {
    const engine = await api.call('engine:get-status', {});
    if (mode === 'direct' && engine.state === 'stopped') {
      const orphan = await findOrphanedVm(defaultInstancePaths(hostPaths()));
      const hint = orphan
        ? `Berth is not running, but its VM is (QEMU pid ${orphan.pid}, left by a Berth that ended without stopping it): \`berth start\` reattaches to it, \`berth stop\` stops it.`
        : 'Berth is not running; `berth start` starts it.';
      print({ ...engine, orphanedVmPid: orphan?.pid ?? null }, out, () => `${statusText(engine)}\n${hint}`);
      return 1;
    }
    const info = engine.state === 'running' ? await api.call('engine:get-info', {}).catch(() => null) : null;
    print({ ...engine, version: info?.version ?? null, apiVersion: info?.apiVersion ?? null }, out, () =>
      [statusText(engine), info ? `Version:      Docker ${info.version} (API ${info.apiVersion}), ${info.os}` : '']
        .filter(Boolean)
        .join('\n'),
    );
    return engine.state === 'running' ? 0 : 1;
  });
}

export async function engineAction(verb: 'start' | 'stop' | 'restart', args: ParsedArgs, out: Out): Promise<number> {
  const paths = hostPaths();
  checkSocketPathLength(paths.controlSocket); // said here, not as "the background process exited"
  if (verb === 'stop' && !(await socketAnswers(paths.controlSocket))) return stopOrphan(out);
  if (verb !== 'stop' && !(await socketAnswers(paths.controlSocket))) await spawnDaemon(paths);
  const connection = await connect({ needsEngine: false });
  try {
    if (connection.mode === 'direct') {
      // The Berth that answered a moment ago (or the one just started) is gone.
      if (verb === 'stop') return stopOrphan(out);
      throw new BerthError('engine-unavailable', `Berth's background process went away before it could ${verb} the engine; see ${path.join(paths.logsDir, DAEMON_LOG)}`);
    }
    const backend = option(args, 'backend');
    if (backend !== undefined) {
      const saved = await connection.api.call('settings:update', { patch: { backend } });
      if (saved.impact !== 'none' && verb === 'start') {
        await connection.api.call('engine:stop', {});
      }
    }
    let lastStep = '';
    const stopListening = connection.api.on('engine:state-changed', (s) => {
      if (!out.json && s.progress && s.progress.message !== lastStep) {
        lastStep = s.progress.message;
        process.stderr.write(`  ${Math.round(s.progress.fraction * 100)}%  ${s.progress.message}\n`);
      }
    });
    const result = await connection.api.call(`engine:${verb}`, {});
    stopListening();
    print(result, out, () => statusText(result));
    return result.state === 'error' ? 1 : 0;
  } finally {
    await connection.close();
  }
}

const ORPHAN_STOP_WORDS: Record<Awaited<ReturnType<typeof stopOrphanedVm>>, string> = {
  'powered-off': 'shut down cleanly',
  quit: 'did not shut down in time and was stopped',
  killed: 'did not answer and was killed',
  'already-gone': 'had already ended',
};

/** `berth stop` with no Berth running: nothing to do, unless a killed Berth left its VM running. */
async function stopOrphan(out: Out): Promise<number> {
  const instance = defaultInstancePaths(hostPaths());
  const orphan = await findOrphanedVm(instance);
  if (!orphan) {
    print({ state: 'stopped' }, out, () => 'Berth is not running; nothing to stop.');
    return 0;
  }
  if (!out.json) process.stderr.write(`  Berth's VM (QEMU pid ${orphan.pid}) is running with no Berth to serve it: stopping it\n`);
  const how = await stopOrphanedVm(instance, orphan, (message) => !out.json && process.stderr.write(`  ${message}\n`));
  print({ state: 'stopped', stoppedVmPid: orphan.pid, how }, out, () => `Engine:       stopped (the VM left running ${ORPHAN_STOP_WORDS[how]})`);
  return 0;
}

export async function ps(args: ParsedArgs, out: Out): Promise<number> {
  return withBerth(true, async (api) => {
    const containers = await api.call('containers:list', { all: flag(args, 'all') });
    const shown = flag(args, 'all') ? containers : containers.filter((c) => c.state === 'running' || c.state === 'paused');
    print(shown, out, () => containersTable(shown));
    return 0;
  });
}

export async function logs(args: ParsedArgs, out: Out): Promise<number> {
  const request = {
    id: args.positionals[1]!,
    tail: parseTail(option(args, 'tail')),
    follow: flag(args, 'follow'),
    timestamps: flag(args, 'timestamps'),
    json: out.json,
  };
  const connection = await connect({ needsEngine: true });
  let onInterrupt: (() => void) | undefined;
  const interrupted = new Promise<void>((resolve) => process.once('SIGINT', (onInterrupt = resolve)));
  try {
    return await printLogs(connection.api, connection, request, { stdout: process.stdout, stderr: process.stderr, interrupted });
  } finally {
    process.off('SIGINT', onInterrupt!);
    await connection.close();
  }
}

export async function settings(args: ParsedArgs, out: Out): Promise<number> {
  const [, verb, key, value] = args.positionals;
  return withBerth(false, async (api) => {
    if (verb === 'get' || verb === undefined) {
      const snapshot = await api.call('settings:get', {});
      for (const warning of snapshot.warnings) process.stderr.write(`warning: ${warning}\n`);
      if (key === undefined) {
        print(snapshot.settings, out, () => JSON.stringify(snapshot.settings, null, 2));
        return 0;
      }
      if (!Object.hasOwn(snapshot.settings, key)) {
        throw new BerthError('invalid-input', `unknown setting ${JSON.stringify(key)}; run \`berth settings get\` to list them`);
      }
      const current = (snapshot.settings as unknown as Record<string, unknown>)[key];
      print(current, out, () => (typeof current === 'string' ? current : JSON.stringify(current)));
      return 0;
    }
    if (verb === 'set') {
      if (key === undefined || value === undefined) throw new UsageError('usage: berth settings set KEY VALUE');
      const result = await api.call('settings:update', { patch: { [key]: parseSettingValue(value) } });
      const engine = await api.call('engine:get-status', {});
      const note = settingNote(SETTINGS_IMPACT[key as SettingsKey], result.impact, engine);
      const saved = (result.settings as unknown as Record<string, unknown>)[key];
      print(result, out, () => `${key} = ${JSON.stringify(saved)} (${note})`);
      return 0;
    }
    throw new UsageError('usage: berth settings get [KEY] | berth settings set KEY VALUE');
  });
}

/** What a saved change means for the engine as it runs now, in words. */
function settingNote(fieldImpact: RestartImpact, impact: RestartImpact, engine: EngineStatus): string {
  if (fieldImpact === 'none') return 'applied';
  const running = engine.state === 'running' || engine.state === 'paused';
  if (!running) return 'saved; applies when the engine starts';
  if (impact === 'none') return `saved; used by the VM backend, not by the running ${engine.backend} engine`;
  return `saved; applies after ${impact === 'vm-restart' ? 'the VM restarts' : 'the engine restarts'}`;
}

export async function web(args: ParsedArgs, out: Out): Promise<number> {
  const port = parsePort(option(args, 'port'));
  // One Berth per user (per BERTH_HOME): when one runs (`berth start`'s, or another `berth web`), it serves the UI.
  if (await socketAnswers(hostPaths().controlSocket)) return withBerth(false, async (api) => {
    const served = await api.call('web:open', { port });
    const ends = served.endsWithEngine ? 'It ends when the engine is stopped (`berth stop`, or Stop in the UI).' : 'It ends with the `berth web` that serves it.';
    print(served, out, () => `Berth web UI (served by the Berth that is running): ${served.url}\nOpen it in a browser on this machine. ${ends}`);
    return 0;
  });
  const webUi = serveWebUiOnRequest(() => berth, path.join(__dirname, 'renderer'), () => undefined, false);
  const berth = await createBerth({ autoStart: false, webUi });
  const closers: (() => Promise<void>)[] = [];
  try {
    // A second host would drive the same engine behind the first one's back: the control socket refuses it.
    const control = await startControlServer(berth);
    closers.push(() => control.close());
    const host = await webUi.open(port);
    closers.push(() => webUi.close());
    // A failed start is an `error` state the UI shows and offers to retry.
    berth.engine.start().catch(() => undefined);
    print({ url: host.url, port: host.port, pid: process.pid }, out, () =>
      `Berth web UI: ${host.url}\nOpen it in a browser on this machine. Press Ctrl-C to stop.`,
    );
  } catch (error) {
    await shutdown(closers, berth);
    throw error;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await shutdown(closers, berth);
  return 0;
}

async function shutdown(closers: (() => Promise<void>)[], berth: { dispose(): Promise<void> }): Promise<void> {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await berth.dispose();
}
