/**
 * Progress lines (`10%\r20%\r…100%`) as a terminal leaves them: each carriage
 * return sends the cursor back to the start of the line and what follows
 * overwrites what was there, so only the final state shows. Pure.
 */

// Erase-in-line right after a carriage return (`\r\x1b[K`, `\r\x1b[2K`): what came before is wiped, not overwritten.
// eslint-disable-next-line no-control-regex -- an escape sequence is what this looks for
const ERASE_LINE = /^\x1b\[[02]?K/;
const ESC = '\x1b';

export function collapseCarriageReturns(text: string): string {
  if (!text.includes('\r')) return text;
  const segments = text.split('\r');
  let line = '';
  for (const segment of segments) {
    if (segment === '') continue; // `\r\r` or a trailing `\r` writes nothing
    if (ERASE_LINE.test(segment) || line === '') {
      line = segment;
      continue;
    }
    // Overwriting keeps the tail of a longer earlier state ("Loading...\rDone" → "Doneing...").
    // With colour codes in play the visible columns cannot be lined up cheaply, so the last state wins.
    line = segment.includes(ESC) || line.includes(ESC) || segment.length >= line.length
      ? segment
      : segment + line.slice(segment.length);
  }
  return line;
}
