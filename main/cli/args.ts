/** A small argv parser: positionals, `--flag`, `--key value`, `--key=value`, `-f`. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
  /** How each option was written, for messages: `all` → `-a`, `bogus` → `--bogus`. */
  spelled: Map<string, string>;
}

/** Options that take a value; every other option is a boolean flag. */
const VALUED = new Set(['tail', 'port', 'backend', 'output']);
const SHORT: Record<string, string> = { f: 'follow', t: 'timestamps', a: 'all', h: 'help', n: 'tail' };

export interface ParseOptions {
  /** Keep an unknown short option (under its spelling, `-z`) for checkCommand to refuse, instead of throwing. */
  keepUnknownShort?: boolean;
}

export function parseArgs(argv: string[], options: ParseOptions = {}): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const spelled = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq > 0 ? eq : undefined);
      spelled.set(name, `--${name}`);
      if (eq > 0) flags.set(name, arg.slice(eq + 1));
      else if (VALUED.has(name)) flags.set(name, takeValue(argv, ++i, name));
      else flags.set(name, true);
    } else if (/^-[a-zA-Z]+$/.test(arg)) {
      for (const letter of arg.slice(1)) {
        const name = SHORT[letter];
        if (!name) {
          if (!options.keepUnknownShort) throw new UsageError(`unknown option -${letter}`);
          flags.set(`-${letter}`, true);
          spelled.set(`-${letter}`, `-${letter}`);
          continue;
        }
        spelled.set(name, `-${letter}`);
        flags.set(name, VALUED.has(name) ? takeValue(argv, ++i, name) : true);
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags, spelled };
}

function takeValue(argv: string[], index: number, name: string): string {
  const value = argv[index];
  if (value === undefined) throw new UsageError(`--${name} needs a value`);
  return value;
}

export class UsageError extends Error {}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true || args.flags.get(name) === 'true';
}

export function option(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** `--tail`: decimal digits or "all" (absent: all). */
export function parseTail(text: string | undefined): number | 'all' {
  if (text === undefined || text === 'all') return 'all';
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--tail must be a whole number or "all" (got ${JSON.stringify(text)})`);
  }
  return Number(text);
}

/** `--port`: decimal digits, 0..65535 (absent: 0, any free port). */
export function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535 (got ${JSON.stringify(text)})`);
  }
  return Number(text);
}

export interface CommandSpec {
  usage: string;
  /** The long names of the options the command takes (`help` is always taken). */
  options: readonly string[];
  /** What is wrong with the arguments after the command name, if anything. */
  operands(operands: string[]): string | undefined;
}

const none = (operands: string[]): string | undefined =>
  operands.length > 0 ? `unexpected argument ${JSON.stringify(operands[0])}` : undefined;

export const COMMANDS: Record<string, CommandSpec> = {
  status: { usage: 'berth status [--json]', options: ['json'], operands: none },
  start: { usage: 'berth start [--backend qemu|native|auto] [--json]', options: ['backend', 'json'], operands: none },
  stop: { usage: 'berth stop [--json]', options: ['json'], operands: none },
  restart: { usage: 'berth restart [--backend qemu|native|auto] [--json]', options: ['backend', 'json'], operands: none },
  ps: { usage: 'berth ps [--all] [--json]', options: ['all', 'json'], operands: none },
  ports: { usage: 'berth ports [--json]', options: ['json'], operands: none },
  shares: { usage: 'berth shares [--json]', options: ['json'], operands: none },
  pause: { usage: 'berth pause [--json]', options: ['json'], operands: none },
  resume: { usage: 'berth resume [--json]', options: ['json'], operands: none },
  logs: {
    usage: 'berth logs [-f] [-t] [--tail N|all] [--json] NAME',
    options: ['follow', 'timestamps', 'tail', 'json'],
    operands: (operands) => (operands.length === 0 ? 'missing the container NAME' : none(operands.slice(1))),
  },
  settings: {
    usage: 'berth settings get [KEY] [--json] | berth settings set KEY VALUE [--json]',
    options: ['json'],
    operands: ([verb, ...rest]) => {
      if (verb === undefined) return undefined;
      if (verb === 'get') return none(rest.slice(1));
      if (verb === 'set') return rest.length < 2 ? 'settings set needs KEY and VALUE' : none(rest.slice(2));
      return `unknown settings command ${JSON.stringify(verb)}`;
    },
  },
  web: { usage: 'berth web [--port N] [--json]', options: ['port', 'json'], operands: none },
  'vm-logs': { usage: 'berth vm-logs [-f]', options: ['follow'], operands: none },
  diagnose: { usage: 'berth diagnose [--output FILE] [--json]', options: ['output', 'json'], operands: none },
  daemon: { usage: 'berth daemon', options: [], operands: none },
};

/** Refuses what `command` does not take, in one line with its usage; checks option values. */
export function checkCommand(command: string, args: ParsedArgs): void {
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command ${JSON.stringify(command)}; run \`berth help\``);
  const usage = `usage: ${spec.usage}`;
  for (const [name, value] of args.flags) {
    const written = args.spelled.get(name) ?? `--${name}`;
    if (name !== 'help' && !spec.options.includes(name)) throw new UsageError(`unknown option ${written} for ${command}; ${usage}`);
    if (!VALUED.has(name) && value !== true && value !== 'true' && value !== 'false') {
      throw new UsageError(`option ${written} of ${command} takes no value (got ${JSON.stringify(value)}); ${usage}`);
    }
  }
  const problem = spec.operands(args.positionals.slice(1));
  if (problem) throw new UsageError(`${problem} for ${command}; ${usage}`);
  if (args.flags.has('tail')) parseTail(option(args, 'tail'));
  if (args.flags.has('port')) parsePort(option(args, 'port'));
}

/** `settings set` values: JSON when they parse as JSON, else the plain string. */
export function parseSettingValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
