import { describe, expect, it } from 'vitest';
import { color256, parseAnsi, stripAnsi } from '../../renderer/src/logs/ansi';

const ESC = '\x1b';

describe('renderer ansi: SGR to spans', () => {
  it('keeps plain text as one unstyled span', () => {
    expect(parseAnsi('hello world')).toEqual([{ text: 'hello world' }]);
  });

  it('maps the 8 standard and 8 bright foreground colours to theme variables', () => {
    expect(parseAnsi(`${ESC}[31mred`)).toEqual([{ text: 'red', fg: 'var(--ansi-1)' }]);
    expect(parseAnsi(`${ESC}[37mwhite`)).toEqual([{ text: 'white', fg: 'var(--ansi-7)' }]);
    expect(parseAnsi(`${ESC}[90mgrey`)).toEqual([{ text: 'grey', fg: 'var(--ansi-8)' }]);
    expect(parseAnsi(`${ESC}[97mbright`)).toEqual([{ text: 'bright', fg: 'var(--ansi-15)' }]);
  });

  it('maps standard and bright backgrounds', () => {
    expect(parseAnsi(`${ESC}[42mok`)).toEqual([{ text: 'ok', bg: 'var(--ansi-2)' }]);
    expect(parseAnsi(`${ESC}[104mx`)).toEqual([{ text: 'x', bg: 'var(--ansi-12)' }]);
  });

  it('handles bold, dim, italic, underline and combined parameters', () => {
    expect(parseAnsi(`${ESC}[1;4;33mwarn`)).toEqual([{ text: 'warn', fg: 'var(--ansi-3)', bold: true, underline: true }]);
    expect(parseAnsi(`${ESC}[2;3mfaint`)).toEqual([{ text: 'faint', dim: true, italic: true }]);
  });

  it('resets with 0, with an empty parameter list, and per channel with 39 / 49', () => {
    expect(parseAnsi(`${ESC}[1;31ma${ESC}[0mb`)).toEqual([
      { text: 'a', fg: 'var(--ansi-1)', bold: true },
      { text: 'b' },
    ]);
    expect(parseAnsi(`${ESC}[32ma${ESC}[mb`)).toEqual([{ text: 'a', fg: 'var(--ansi-2)' }, { text: 'b' }]);
    expect(parseAnsi(`${ESC}[31;44ma${ESC}[39mb${ESC}[49mc`)).toEqual([
      { text: 'a', fg: 'var(--ansi-1)', bg: 'var(--ansi-4)' },
      { text: 'b', bg: 'var(--ansi-4)' },
      { text: 'c' },
    ]);
  });

  it('renders 256-colour codes: theme 0-15, the 6x6x6 cube and the grey ramp', () => {
    expect(parseAnsi(`${ESC}[38;5;9mx`)).toEqual([{ text: 'x', fg: 'var(--ansi-9)' }]);
    expect(parseAnsi(`${ESC}[38;5;196mx`)).toEqual([{ text: 'x', fg: '#ff0000' }]);
    expect(parseAnsi(`${ESC}[48;5;21mx`)).toEqual([{ text: 'x', bg: '#0000ff' }]);
    expect(color256(16)).toBe('#000000');
    expect(color256(231)).toBe('#ffffff');
    expect(color256(232)).toBe('#080808');
    expect(color256(255)).toBe('#eeeeee');
    expect(color256(256)).toBeUndefined();
  });

  it('renders truecolour, in both ; and : forms, and keeps parsing after it', () => {
    expect(parseAnsi(`${ESC}[38;2;255;128;0;1mx`)).toEqual([{ text: 'x', fg: '#ff8000', bold: true }]);
    expect(parseAnsi(`${ESC}[48;2;1;2;3mx`)).toEqual([{ text: 'x', bg: '#010203' }]);
    expect(parseAnsi(`${ESC}[38:2::10:20:30mx`)).toEqual([{ text: 'x', fg: '#0a141e' }]);
    expect(parseAnsi(`${ESC}[38:5:196mx`)).toEqual([{ text: 'x', fg: '#ff0000' }]);
  });

  it('ends styles on 22 / 23 / 24', () => {
    expect(parseAnsi(`${ESC}[1;3;4ma${ESC}[22;23;24mb`)).toEqual([
      { text: 'a', bold: true, italic: true, underline: true },
      { text: 'b' },
    ]);
  });

  it('merges neighbouring text of the same style', () => {
    expect(parseAnsi(`${ESC}[31ma${ESC}[31mb`)).toEqual([{ text: 'ab', fg: 'var(--ansi-1)' }]);
  });
});

describe('renderer ansi: everything else is stripped', () => {
  it('strips cursor movement and erase sequences', () => {
    expect(stripAnsi(`${ESC}[2K${ESC}[1Gprogress ${ESC}[3A50%${ESC}[0J${ESC}[10;20H!`)).toBe('progress 50%!');
    expect(stripAnsi(`${ESC}[?25lhidden cursor${ESC}[?25h`)).toBe('hidden cursor');
  });

  it('strips OSC sequences ended by BEL or ST, including hyperlinks', () => {
    expect(stripAnsi(`${ESC}]0;my title\x07after`)).toBe('after');
    expect(stripAnsi(`${ESC}]8;;https://example.com${ESC}\\link${ESC}]8;;${ESC}\\ text`)).toBe('link text');
  });

  it('strips an OSC cut off at the end of the line', () => {
    expect(stripAnsi(`before${ESC}]0;never ended`)).toBe('before');
  });

  it('strips charset switches, keypad modes, 8-bit CSI and stray control characters', () => {
    expect(stripAnsi(`${ESC}(Babc${ESC}=${ESC}>def`)).toBe('abcdef');
    expect(stripAnsi('\x9b31mx')).toBe('x');
    expect(stripAnsi('carriage\r return\x07 bell\x08')).toBe('carriage return bell');
    expect(stripAnsi('tab\tkept')).toBe('tab\tkept');
  });

  it('does not let a non-SGR sequence change the style', () => {
    expect(parseAnsi(`${ESC}[31ma${ESC}[2Kb`)).toEqual([{ text: 'ab', fg: 'var(--ansi-1)' }]);
  });

  it('leaves no escape character in any output', () => {
    const noisy = `${ESC}[1m${ESC}[38;5;82mOK${ESC}[0m ${ESC}]2;t\x07${ESC}[K${ESC}M${ESC}7done${ESC}8${ESC}`;
    const text = parseAnsi(noisy)
      .map((s) => s.text)
      .join('');
    expect(text).toBe('OK done');
    expect(text.includes('\x1b') || text.includes('\x9b')).toBe(false);
  });
});
