import { describe, expect, it } from 'vitest';
import { checkRequest, readCookie, type RequestFacts } from '../../main/web/auth';

const token = 'secret-token';
const port = 4321;
const ok: RequestFacts = { host: '127.0.0.1:4321', origin: undefined, cookie: undefined, authorization: undefined, queryToken: token };

describe('web host auth', () => {
  it('accepts the token from the query, a bearer header or the cookie', () => {
    expect(checkRequest(ok, token, port)).toEqual({ ok: true, via: 'query' });
    expect(checkRequest({ ...ok, queryToken: null, authorization: `Bearer ${token}` }, token, port)).toEqual({ ok: true, via: 'header' });
    expect(checkRequest({ ...ok, queryToken: null, cookie: `a=b; berth_token_4321=${token}` }, token, port)).toEqual({ ok: true, via: 'cookie' });
  });

  it.each([
    ['no token', { queryToken: null }, 401],
    ['a wrong token', { queryToken: 'guess' }, 401],
    ["another port's cookie", { queryToken: null, cookie: `berth_token_1111=${token}` }, 401],
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:4321' }, 403],
    ['a missing Host', { host: undefined }, 403],
    ['a foreign Origin', { origin: 'http://evil.example' }, 403],
    ['an Origin on another port', { origin: 'http://127.0.0.1:9999' }, 403],
  ] as const)('refuses %s', (_name, change, status) => {
    expect(checkRequest({ ...ok, ...change }, token, port)).toMatchObject({ ok: false, status });
  });

  it('accepts localhost and [::1] spellings of this host', () => {
    expect(checkRequest({ ...ok, host: 'localhost:4321', origin: 'http://localhost:4321' }, token, port).ok).toBe(true);
    expect(checkRequest({ ...ok, host: '[::1]:4321' }, token, port).ok).toBe(true);
  });

  it('reads cookies', () => {
    expect(readCookie('x=1; y=two%20words', 'y')).toBe('two words');
    expect(readCookie(undefined, 'y')).toBeNull();
  });
});

describe('malformed input never crashes the check', () => {
  it('treats a cookie that does not decode as no token', () => {
    expect(readCookie('berth_token_4321=%E0%A4%A', 'berth_token_4321')).toBeNull();
    expect(checkRequest({ ...ok, queryToken: null, cookie: 'berth_token_4321=%zz' }, token, port)).toMatchObject({ ok: false, status: 401 });
  });
});
