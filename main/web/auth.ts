/**
 * Who may talk to the web host: only a browser on this machine that holds the
 * per-run token, on a page this host served. The Host check defeats DNS
 * rebinding; the Origin check stops other sites' pages from driving the
 * engine through a user's browser.
 */
import { timingSafeEqual } from 'node:crypto';

export interface RequestFacts {
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
  /** The token from the query string, if any. */
  queryToken: string | null;
}

export type AuthVerdict = { ok: true; via: 'query' | 'cookie' | 'header' } | { ok: false; status: 401 | 403; reason: string };

export function cookieName(port: number): string {
  // Cookies ignore ports: two Berth web hosts on 127.0.0.1 need two names.
  return `berth_token_${port}`;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

export function checkRequest(facts: RequestFacts, token: string, port: number): AuthVerdict {
  const hosts = allowedHosts(port);
  if (!facts.host || !hosts.includes(facts.host.toLowerCase())) {
    return { ok: false, status: 403, reason: `Host ${JSON.stringify(facts.host ?? '')} is not this Berth web host` };
  }
  if (facts.origin !== undefined && !hosts.map((h) => `http://${h}`).includes(facts.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: `Origin ${JSON.stringify(facts.origin)} may not use this Berth web host` };
  }
  if (facts.queryToken !== null && sameSecret(facts.queryToken, token)) return { ok: true, via: 'query' };
  const bearer = facts.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer && sameSecret(bearer, token)) return { ok: true, via: 'header' };
  const cookie = readCookie(facts.cookie, cookieName(port));
  if (cookie && sameSecret(cookie, token)) return { ok: true, via: 'cookie' };
  return { ok: false, status: 401, reason: 'Missing or wrong token: open the URL that `berth web` printed' };
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null; // a malformed cookie is no token, not a crash
      }
    }
  }
  return null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
