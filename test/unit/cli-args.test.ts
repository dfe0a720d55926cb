import { describe, expect, it } from 'vitest';
import { checkCommand, flag, option, parseArgs, parsePort, parseSettingValue, parseTail, UsageError } from '../../main/cli/args';

describe('cli args', () => {
  it('parses positionals, long and short flags and valued options', () => {
    const args = parseArgs(['logs', '-ft', '--tail', '20', 'web-1', '--json']);
    expect(args.positionals).toEqual(['logs', 'web-1']);
    expect(flag(args, 'follow') && flag(args, 'timestamps') && flag(args, 'json')).toBe(true);
    expect(option(args, 'tail')).toBe('20');
    expect(option(parseArgs(['web', '--port=8080']), 'port')).toBe('8080');
  });

  it('reads a negative number as a value, not an option', () => {
    expect(parseArgs(['settings', 'set', 'cpus', '-1']).positionals).toEqual(['settings', 'set', 'cpus', '-1']);
    expect(parseArgs(['settings', 'set', 'x', '--', '--y']).positionals).toEqual(['settings', 'set', 'x', '--y']);
  });

  it('rejects unknown short options and missing values', () => {
    expect(() => parseArgs(['-z'])).toThrow(UsageError);
    expect(() => parseArgs(['logs', '--tail'])).toThrow(UsageError);
  });

  it('reads setting values as JSON when they parse, else as strings', () => {
    expect(parseSettingValue('4')).toBe(4);
    expect(parseSettingValue('true')).toBe(true);
    expect(parseSettingValue('[{"hostPath":"/src","writable":true}]')).toEqual([{ hostPath: '/src', writable: true }]);
    expect(parseSettingValue('dark')).toBe('dark');
  });
});

describe('cli option values', () => {
  it('takes --tail as decimal digits or "all" only', () => {
    expect(parseTail(undefined)).toBe('all');
    expect(parseTail('all')).toBe('all');
    expect(parseTail('0')).toBe(0);
    expect(parseTail('20')).toBe(20);
    for (const bad of ['', ' ', '0x2', '1e3', '-1', '+2', '2.5', ' 2', 'ALL', '99999999999999999999']) {
      expect(() => parseTail(bad), JSON.stringify(bad)).toThrow(UsageError);
    }
    expect(() => parseTail('0x2')).toThrow('--tail must be a whole number or "all" (got "0x2")');
  });

  it('takes --port as decimal digits from 0 to 65535 only', () => {
    expect(parsePort(undefined)).toBe(0);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    expect(parsePort('65535')).toBe(65535);
    for (const bad of ['', ' ', '65536', '0x50', '-1', '80.0', '1e3', ' 80']) {
      expect(() => parsePort(bad), JSON.stringify(bad)).toThrow(UsageError);
    }
  });
});

describe('cli command checks', () => {
  const check = (...argv: string[]) => {
    const args = parseArgs(argv, { keepUnknownShort: true });
    checkCommand(args.positionals[0]!, args);
  };
  const problem = (...argv: string[]) => {
    try {
      check(...argv);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    return undefined;
  };

  it('accepts what each command takes', () => {
    expect(problem('ps', '--all', '--json')).toBeUndefined();
    expect(problem('ps', '-a')).toBeUndefined();
    expect(problem('logs', '-ft', '--tail', '20', 'web-1', '--json')).toBeUndefined();
    expect(problem('logs', '--tail=all', 'web-1')).toBeUndefined();
    expect(problem('status', '--json=true')).toBeUndefined();
    expect(problem('start', '--backend', 'qemu')).toBeUndefined();
    expect(problem('settings')).toBeUndefined();
    expect(problem('settings', 'get', 'cpus', '--json')).toBeUndefined();
    expect(problem('settings', 'set', 'cpus', '-1')).toBeUndefined();
    expect(problem('web', '--port', '8080')).toBeUndefined();
    expect(problem('vm-logs', '-f')).toBeUndefined();
    expect(problem('ps', '--help')).toBeUndefined();
  });

  it('refuses an unknown option in one line that names the command and its usage', () => {
    const message = problem('ps', '--bogus', 'extra');
    expect(message).toBe('unknown option --bogus for ps; usage: berth ps [--all] [--json]');
    expect(message).not.toContain('\n');
    expect(problem('ps', '-z')).toMatch(/^unknown option -z for ps; usage: /);
    expect(problem('ps', '-f')).toMatch(/^unknown option -f for ps; /);
    expect(problem('status', '--all')).toMatch(/^unknown option --all for status; /);
    expect(problem('stop', '--backend', 'qemu')).toMatch(/^unknown option --backend for stop; /);
    expect(problem('web', '--tail', '3')).toMatch(/^unknown option --tail for web; /);
  });

  it('refuses extra or missing arguments', () => {
    expect(problem('ps', 'extra')).toBe('unexpected argument "extra" for ps; usage: berth ps [--all] [--json]');
    expect(problem('logs', 'a', 'b')).toMatch(/^unexpected argument "b" for logs; usage: berth logs /);
    expect(problem('logs')).toMatch(/^missing the container NAME for logs; usage: berth logs /);
    expect(problem('settings', 'get', 'cpus', 'extra')).toMatch(/^unexpected argument "extra" for settings; /);
    expect(problem('settings', 'set', 'cpus')).toMatch(/^settings set needs KEY and VALUE for settings; /);
    expect(problem('settings', 'set', 'cpus', '2', 'extra')).toMatch(/^unexpected argument "extra" for settings; /);
    expect(problem('settings', 'frob')).toMatch(/^unknown settings command "frob" for settings; /);
    expect(problem('status', 'now')).toMatch(/^unexpected argument "now" for status; /);
  });

  it('refuses a value on a flag, and bad option values', () => {
    expect(problem('ps', '--all=yes')).toMatch(/^option --all of ps takes no value \(got "yes"\); usage: /);
    expect(problem('logs', '--tail=', 'web-1')).toBe('--tail must be a whole number or "all" (got "")');
    expect(problem('logs', '--tail', ' ', 'web-1')).toMatch(/^--tail must be/);
    expect(problem('logs', '--tail', '0x2', 'web-1')).toMatch(/^--tail must be/);
    expect(problem('logs', '-n', '1e3', 'web-1')).toMatch(/^--tail must be/);
    expect(problem('web', '--port', '70000')).toMatch(/^--port must be a whole number from 0 to 65535/);
    expect(problem('web', '--port=')).toMatch(/^--port must be/);
  });

  it('refuses an unknown command', () => {
    expect(problem('frobnicate')).toBe('unknown command "frobnicate"; run `berth help`');
  });

  it('still throws on an unknown short option unless asked to keep it', () => {
    expect(() => parseArgs(['ps', '-z'])).toThrow('unknown option -z');
    expect(parseArgs(['ps', '-z'], { keepUnknownShort: true }).flags.get('-z')).toBe(true);
  });
});
