/**
 * ANSI in log lines: SGR colours and attributes become styled spans; every
 * other escape sequence (cursor moves, erase, OSC titles and links, charset
 * switches) and stray control characters are dropped so nothing shows raw.
 * Pure; one line at a time (sequences split across lines are not joined).
 */

export interface AnsiStyle {
  /** A CSS colour: var(--ansi-N) for the 16 theme colours, #rrggbb otherwise. */
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export interface AnsiSpan extends AnsiStyle {
  text: string;
}

const ESCAPES = new RegExp(
  [
    '\\x1b\\[([0-?]*)([ -/]*)([@-~])', // CSI, 7-bit: groups 1-3
    '\\x9b([0-?]*)([ -/]*)([@-~])', // CSI, 8-bit: groups 4-6
    '\\x1b\\][\\s\\S]*?(?:\\x07|\\x1b\\\\|$)', // OSC … BEL / ST (or cut off)
    '\\x1b[PX^_][\\s\\S]*?(?:\\x1b\\\\|$)', // DCS, SOS, PM, APC … ST
    '\\x1b[ -/]*[0-~]?', // other ESC sequences, or a lone ESC
    '[\\x00-\\x08\\x0b-\\x1f\\x7f]', // C0 controls but tab and newline
  ].join('|'),
  'g',
);

const CUBE = [0, 95, 135, 175, 215, 255];

function hex(r: number, g: number, b: number): string {
  const c = (v: number) => Math.max(0, Math.min(255, Math.round(v) || 0)).toString(16).padStart(2, '0');
  return `#${c(r)}${c(g)}${c(b)}`;
}

/** The xterm 256-colour palette; 0-15 follow the theme. */
export function color256(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return `var(--ansi-${n})`;
  if (n < 232) {
    const i = n - 16;
    return hex(CUBE[Math.floor(i / 36)]!, CUBE[Math.floor(i / 6) % 6]!, CUBE[i % 6]!);
  }
  const grey = 8 + 10 * (n - 232);
  return hex(grey, grey, grey);
}

/** Reads an extended colour (5;n or 2;r;g;b) starting at args[0]; returns it and how many args it used. */
function extended(args: number[]): [string | undefined, number] {
  if (args[0] === 5) return [color256(args[1] ?? -1), 2];
  if (args[0] === 2) {
    const [r, g, b] = args.slice(1, 4);
    return [r === undefined || g === undefined || b === undefined ? undefined : hex(r, g, b), 4];
  }
  return [undefined, 1];
}

export function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  let next: AnsiStyle = { ...style };
  const tokens = params === '' ? ['0'] : params.split(';');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.includes(':')) {
      // Sub-parameter form: 38:5:n, 38:2::r:g:b or 38:2:r:g:b, 4:3 …
      const parts = token.split(':').map((p) => (p === '' ? NaN : Number(p)));
      const code = parts[0];
      if (code === 38 || code === 48) {
        const rest = parts.slice(1);
        const args = rest[0] === 2 && rest.length >= 5 ? [2, ...rest.slice(-3)] : rest;
        const [colour] = extended(args);
        if (code === 38) next.fg = colour;
        else next.bg = colour;
      } else if (code === 4) {
        next.underline = parts[1] !== 0;
      }
      continue;
    }
    const code = token === '' ? 0 : Number(token);
    if (code === 38 || code === 48) {
      const [colour, used] = extended(tokens.slice(i + 1).map(Number));
      if (code === 38) next.fg = colour;
      else next.bg = colour;
      i += used;
    } else if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code >= 30 && code <= 37) next.fg = color256(code - 30);
    else if (code >= 90 && code <= 97) next.fg = color256(code - 90 + 8);
    else if (code === 39) next.fg = undefined;
    else if (code >= 40 && code <= 47) next.bg = color256(code - 40);
    else if (code >= 100 && code <= 107) next.bg = color256(code - 100 + 8);
    else if (code === 49) next.bg = undefined;
  }
  return clean(next);
}

function clean(style: AnsiStyle): AnsiStyle {
  const out: AnsiStyle = {};
  if (style.fg) out.fg = style.fg;
  if (style.bg) out.bg = style.bg;
  if (style.bold) out.bold = true;
  if (style.dim) out.dim = true;
  if (style.italic) out.italic = true;
  if (style.underline) out.underline = true;
  return out;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return (
    a.fg === b.fg && a.bg === b.bg && !a.bold === !b.bold && !a.dim === !b.dim &&
    !a.italic === !b.italic && !a.underline === !b.underline
  );
}

export function parseAnsi(input: string): AnsiSpan[] {
  const spans: AnsiSpan[] = [];
  let style: AnsiStyle = {};
  let last = 0;
  const emit = (text: string) => {
    if (!text) return;
    const prev = spans[spans.length - 1];
    if (prev && sameStyle(prev, style)) prev.text += text;
    else spans.push({ ...style, text });
  };
  ESCAPES.lastIndex = 0;
  for (let m = ESCAPES.exec(input); m; m = ESCAPES.exec(input)) {
    emit(input.slice(last, m.index));
    last = m.index + m[0].length;
    const params = m[1] ?? m[4];
    const intermediates = m[2] ?? m[5];
    const final = m[3] ?? m[6];
    if (final === 'm' && !intermediates && params !== undefined && /^[\d;:]*$/.test(params)) {
      style = applySgr(style, params);
    }
    if (m[0].length === 0) ESCAPES.lastIndex++;
  }
  emit(input.slice(last));
  return spans;
}

export function stripAnsi(input: string): string {
  return parseAnsi(input)
    .map((s) => s.text)
    .join('');
}

function luminance(hexColour: string): number | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hexColour);
  if (!m) return null;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((c) => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Black or white, whichever reads better on `hexColour` (WCAG contrast). */
export function contrastOn(hexColour: string): '#000000' | '#ffffff' | undefined {
  const l = luminance(hexColour);
  if (l === null) return undefined;
  // Contrast with black is (l + .05) / .05, with white 1.05 / (l + .05).
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/**
 * The foreground for a span: its own colour, or — when only a background is
 * set — one that reads on that background in either theme. The 16 theme
 * colours have a matching `--ansi-on-N` in styles.css; others are computed.
 */
export function foregroundFor(style: Pick<AnsiStyle, 'fg' | 'bg'>): string | undefined {
  if (style.fg || !style.bg) return style.fg;
  const themed = /^var\(--ansi-(\d{1,2})\)$/.exec(style.bg);
  if (themed) return `var(--ansi-on-${themed[1]})`;
  return contrastOn(style.bg);
}
