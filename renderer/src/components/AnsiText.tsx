/** A log line's text with its SGR colours as styled spans. */
import { memo, type CSSProperties } from 'react';
import { foregroundFor, parseAnsi, type AnsiSpan } from '../logs/ansi';

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

export const AnsiText = memo(function AnsiText({ text }: { text: string }) {
  const spans = parseAnsi(text);
  return (
    <>
      {spans.map((span, i) => {
        const style = styleOf(span);
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
