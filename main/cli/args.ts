/** A small argv parser: positionals, `--flag`, `--key value`, `--key=value`, `-f`. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** Options that take a value; every other option is a boolean flag. */
const VALUED = new Set(['tail', 'port', 'backend']);
const SHORT: Record<string, string> = { f: 'follow', t: 'timestamps', a: 'all', h: 'help', n: 'tail' };

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq > 0 ? eq : undefined);
      if (eq > 0) flags.set(name, arg.slice(eq + 1));
      else if (VALUED.has(name)) flags.set(name, takeValue(argv, ++i, name));
      else flags.set(name, true);
    } else if (/^-[a-zA-Z]+$/.test(arg)) {
      for (const letter of arg.slice(1)) {
        const name = SHORT[letter];
        if (!name) throw new UsageError(`unknown option -${letter}`);
        flags.set(name, VALUED.has(name) ? takeValue(argv, ++i, name) : true);
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
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

/** `settings set` values: JSON when they parse as JSON, else the plain string. */
export function parseSettingValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
