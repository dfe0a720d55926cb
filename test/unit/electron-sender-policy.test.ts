import { describe, expect, it } from 'vitest';
import { checkSender, isAppIndexUrl, isTrustedSender } from '../../main/electron/sender-policy';

const INDEX = 'file:///opt/Berth/resources/app.asar/dist/renderer/index.html';
const WIN = 7;

describe('isAppIndexUrl', () => {
  it.each([
    ['the index itself', INDEX, true],
    ['with a hash route', `${INDEX}#/containers`, true],
    ['with a query', `${INDEX}?tab=logs`, true],
    ['file://localhost form', 'file://localhost/opt/Berth/resources/app.asar/dist/renderer/index.html', true],
    ['another file next to it', 'file:///opt/Berth/resources/app.asar/dist/renderer/other.html', false],
    ['a file elsewhere', 'file:///tmp/index.html', false],
    ['a parent of it', 'file:///opt/Berth/resources/app.asar/dist/renderer/', false],
    ['a longer path with it as a prefix', `${INDEX}/x`, false],
    ['a file on another host', 'file://evil/opt/Berth/resources/app.asar/dist/renderer/index.html', false],
    ['an http page with the same path', 'http://localhost/opt/Berth/resources/app.asar/dist/renderer/index.html', false],
    ['https', 'https://example.com/', false],
    ['about:blank', 'about:blank', false],
    ['devtools', 'devtools://devtools/bundled/inspector.html', false],
    ['an empty URL', '', false],
    ['not a URL', 'index.html', false],
    ['a malformed escape', 'file:///opt/Berth/%E0%A4%A/index.html', false],
    ['an escaped slash', 'file:///opt/Berth/resources/app.asar/dist/renderer%2Findex.html', false],
    ['an escaped backslash', 'file:///opt/Berth/resources/app.asar/dist/renderer%5Cindex.html', false],
  ])('%s', (_name, url, expected) => {
    expect(isAppIndexUrl(url, INDEX)).toBe(expected);
  });

  it('resolves dot segments, escaped or not, the way the URL parser (and Chromium) does', () => {
    expect(isAppIndexUrl('file:///opt/Berth/resources/app.asar/dist/x/../renderer/index.html', INDEX)).toBe(true);
    expect(isAppIndexUrl('file:///opt/Berth/resources/app.asar/dist/x/%2e%2E/renderer/index.html', INDEX)).toBe(true);
    expect(isAppIndexUrl('file:///opt/Berth/resources/app.asar/dist/renderer/../other/index.html', INDEX)).toBe(false);
  });

  it('compares paths after percent-decoding (Chromium and Node escape differently)', () => {
    const expected = 'file:///home/ann/My%20Apps/Berth%5B1%5D/renderer/index.html';
    expect(isAppIndexUrl('file:///home/ann/My%20Apps/Berth[1]/renderer/index.html', expected)).toBe(true);
    expect(isAppIndexUrl('file:///home/ann/My Apps/Berth%5B1%5D/renderer/index.html', expected)).toBe(true);
    expect(isAppIndexUrl('file:///home/ann/My%20Apps/Berth%5B2%5D/renderer/index.html', expected)).toBe(false);
  });

  it('ignores the case of a Windows drive letter but not of the path', () => {
    const expected = 'file:///C:/Program%20Files/Berth/resources/app.asar/dist/renderer/index.html';
    expect(isAppIndexUrl('file:///c:/Program%20Files/Berth/resources/app.asar/dist/renderer/index.html', expected)).toBe(true);
    expect(isAppIndexUrl('file:///C:/program%20files/Berth/resources/app.asar/dist/renderer/index.html', expected)).toBe(false);
  });

  it('refuses missing values', () => {
    expect(isAppIndexUrl(null, INDEX)).toBe(false);
    expect(isAppIndexUrl(undefined, INDEX)).toBe(false);
    expect(isAppIndexUrl(INDEX, 'not a url')).toBe(false);
  });
});

describe('checkSender', () => {
  it('accepts the main frame of Berth’s window on Berth’s page', () => {
    expect(checkSender(INDEX, true, WIN, WIN, INDEX)).toEqual({ ok: true });
    expect(isTrustedSender(`${INDEX}#/images`, true, WIN, WIN, INDEX)).toBe(true);
  });

  it('refuses a subframe, even one showing Berth’s page', () => {
    const verdict = checkSender(INDEX, false, WIN, WIN, INDEX);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/subframe/);
  });

  it('refuses another window, or a webContents with no window', () => {
    expect(isTrustedSender(INDEX, true, WIN + 1, WIN, INDEX)).toBe(false);
    expect(isTrustedSender(INDEX, true, null, WIN, INDEX)).toBe(false);
    expect(isTrustedSender(INDEX, true, undefined, WIN, INDEX)).toBe(false);
  });

  it('refuses everything while Berth has no window', () => {
    expect(isTrustedSender(INDEX, true, WIN, null, INDEX)).toBe(false);
    expect(isTrustedSender(INDEX, true, null, null, INDEX)).toBe(false);
  });

  it('refuses Berth’s window once it shows another page', () => {
    const verdict = checkSender('https://attacker.example/x?token=1', true, WIN, WIN, INDEX);
    expect(verdict.ok).toBe(false);
    // The reason names the origin but not the path or query.
    expect(!verdict.ok && verdict.reason).toContain('https://attacker.example');
    expect(!verdict.ok && verdict.reason).not.toContain('token');
    expect(isTrustedSender('file:///etc/passwd', true, WIN, WIN, INDEX)).toBe(false);
  });

  it('refuses a frame whose URL is gone (navigating or destroyed)', () => {
    expect(isTrustedSender(null, true, WIN, WIN, INDEX)).toBe(false);
    expect(isTrustedSender('', true, WIN, WIN, INDEX)).toBe(false);
  });
});
