/**
 * What a diagnostics bundle must not carry: secrets. Settings are redacted by
 * key (anything named like a token, password, secret, credential or key) and
 * every string, in settings and in logs, has URL credentials
 * (`https://user:pass@host`) and token-like query parameters (`?token=…`, the
 * web host's login link) masked. Pure functions, so the rules have table tests.
 */

export const REDACTED = '[redacted]';

/** Keys whose values are secrets whatever they hold. */
const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|credential|api[-_]?key|private[-_]?key|auth|cookie|session[-_]?id)$/i;

/** `scheme://user:password@` and `scheme://token@`: the part before @ is masked. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(?::[^\s/@]*)?@/gi;
/** `token=…`, `password=…`, `access_token=…` in query strings and key=value log lines. */
const SECRET_PARAM = /\b([a-z_-]*(?:token|password|passwd|secret|api[-_]?key|auth))=([^\s&"']+)/gi;
/** `Authorization: Bearer …` / `Basic …` headers copied into a log. */
const AUTH_HEADER = /\b(authorization:\s*)(bearer|basic)\s+[^\s"']+/gi;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A text with credentials masked; the rest is left as it was. */
export function redactText(text: string): string {
  return text
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(SECRET_PARAM, `$1=${REDACTED}`)
    .replace(AUTH_HEADER, `$1$2 ${REDACTED}`);
}

/** A deep copy of a JSON value with secret-named keys masked and every string passed through redactText. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      // A secret key with an empty or null value hides nothing; say what was there only when it was set.
      out[key] = isSecretKey(key) && inner !== null && inner !== '' && inner !== false ? REDACTED : redactValue(inner);
    }
    return out;
  }
  return value;
}
