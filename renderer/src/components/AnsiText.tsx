/** A log line's text with its SGR colours as styled spans, and the matches of a search marked. */
import { memo, type CSSProperties } from 'react';
import { foregroundFor, parseAnsi, type AnsiSpan } from '../logs/ansi';
import { markMatches } from '../logs/log-search';

function styleOf(span: AnsiSpan): CSSProperties | undefined {
  if (!span.fg && !span.bg && !span.bold && !span.dim && !span.italic && !span.underline) return undefined;
  return {
    color: foregroundFor(span),
    backgroundColor: span.bg,
    fontWeight: span.bold ? 700 : undefined,
    opacity: span.dim ? 0.65 : undefined,
    fontStyle: span.italic ? 'italic' : undefined,
    textDecoration: span.underline ? 'underline' : undefined,
  };
}

export const AnsiText = memo(function AnsiText({ text, highlight = '' }: { text: string; highlight?: string }) {
  const spans = markMatches(parseAnsi(text), highlight);
  return (
    <>
      {spans.map((span, i) => {
        const style = styleOf(span);
        if (span.mark) {
          return (
            <mark key={i} className="log-match" style={style}>
              {span.text}
            </mark>
          );
        }
        return style ? (
          <span key={i} style={style}>
            {span.text}
          </span>
        ) : (
          <span key={i}>{span.text}</span>
        );
      })}
    </>
  );
});
