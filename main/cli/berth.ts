#!/usr/bin/env node
/** `berth`: the command line for Berth. Talks to a running Berth when there is one. */
import { BerthError } from '../../preload/contract';
import { checkCommand, flag, option, parseArgs, UsageError } from './args';
import * as commands from './commands';
import { runDaemon } from './daemon';
import { diagnose } from './diagnose';
import { pauseOrResume } from './pause';
import { ports } from './ports';
import { shares } from './shares';
import * as vmCommands from './vm-commands';

const USAGE = `berth — a Docker Engine that just works

Usage:
  berth status [--json]              engine state, backend and the DOCKER_HOST to use
  berth start | stop | restart       drive the engine (progress is streamed)
  berth pause | resume               freeze and thaw Berth's VM
  berth ps [--all] [--json]          list containers
  berth ports [--json]               published ports forwarded to this host, with their state
  berth shares [--json]              folders shared with the VM, their mechanism and state
  berth logs [-f] [-t] [--tail N] NAME
  berth settings get [KEY] [--json]
  berth settings set KEY VALUE       VALUE is JSON when it parses as JSON, else a string
  berth web [--port N] [--json]      serve the UI on 127.0.0.1 with a token (or print where the running Berth serves it)
  berth start --backend qemu|native  choose the engine backend (saved in settings)
  berth shell [COMMAND…]             a shell (or one command) inside Berth's VM
  berth vm-logs [-f]                 the VM's serial console log
  berth diagnose [--output FILE]     a .tar.gz of logs, versions, settings (secrets redacted), docker info

Settings, state and logs live in the per-user config folder, or under $BERTH_HOME.
A call to Berth gives up after 30 s (engine start and restart: 15 min);
$BERTH_TIMEOUT sets that 30 s in whole seconds (0: wait forever).`;

async function main(argv: string[]): Promise<number> {
  // Everything after `shell` is the guest's command line, options included.
  if (argv[0] === 'shell') return vmCommands.shell(argv.slice(1));
  const args = parseArgs(argv, { keepUnknownShort: true });
  const out = { json: flag(args, 'json') };
  const command = args.positionals[0];
  if (!command || command === 'help' || flag(args, 'help')) {
    process.stdout.write(`${USAGE}\n`);
    return command || flag(args, 'help') ? 0 : 2;
  }
  checkCommand(command, args);
  switch (command) {
    case 'status':
      return commands.status(args, out);
    case 'start':
    case 'stop':
    case 'restart':
      return commands.engineAction(command, args, out);
    case 'ps':
      return commands.ps(args, out);
    case 'ports':
      return ports(out.json);
    case 'shares':
      return shares(out.json);
    case 'pause':
    case 'resume':
      return pauseOrResume(command, out.json);
    case 'logs':
      return commands.logs(args, out);
    case 'settings':
      return commands.settings(args, out);
    case 'web':
      return commands.web(args, out);
    case 'diagnose':
      return diagnose(option(args, 'output'), out.json);
    case 'vm-logs':
      return vmCommands.vmLogs(args);
    case 'daemon':
      return runDaemon();
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}; run \`berth help\``);
  }
}

/**
 * Exits once stdout and stderr have handed everything to the OS: a pipe takes
 * 64 KiB at a time, and process.exit() drops what Node still holds.
 */
async function exit(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    // Writes complete in order: this one's callback runs once all before it are out.
    stream.write('', () => resolve());
  });
}

// A reader that went away (`berth logs -f x | head -1`): stop, as a program killed by SIGPIPE would.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 141 : 1));
process.stderr.on('error', () => undefined);

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  const message =
    error instanceof UsageError || error instanceof BerthError
      ? error.message
      : `unexpected failure: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(`berth: ${message}\n`);
  return exit(error instanceof UsageError ? 2 : 1);
});
