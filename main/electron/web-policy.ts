/**
 * What Berth's window may load and where links go. Pure, so it is unit-tested
 * without Electron; main/electron/window.ts applies it.
 */

/**
 * The renderer is a bundled React app read from disk: its scripts and styles
 * are files next to index.html, and it talks to main only through the preload
 * bridge, so it needs no network at all. Inline styles are allowed because
 * xterm and React set some; inline scripts and eval are not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The URL to hand to the external browser for a link the page tried to open
 * or navigate to, or null when it must simply be refused. Only http(s) URLs go
 * out: never file:, javascript:, custom schemes (which could start another
 * program), or anything that does not parse.
 */
export function externalUrl(raw: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '') return null;
  return parsed.href;
}

/**
 * The response headers of a page with Berth's CSP set, replacing any
 * Content-Security-Policy header already present (whatever its case).
 */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
  policy: string = CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
