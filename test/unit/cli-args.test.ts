import { describe, expect, it } from 'vitest';
import { flag, option, parseArgs, parseSettingValue, UsageError } from '../../main/cli/args';

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
