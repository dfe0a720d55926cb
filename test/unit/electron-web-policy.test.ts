import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, externalUrl, withContentSecurityPolicy } from '../../main/electron/web-policy';

describe('externalUrl', () => {
  it.each([
    ['https://docs.docker.com/engine/', 'https://docs.docker.com/engine/'],
    ['http://localhost:8080/', 'http://localhost:8080/'],
    ['HTTPS://Example.COM/a b', 'https://example.com/a%20b'],
  ])('opens %s', (url, expected) => {
    expect(externalUrl(url)).toBe(expected);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'vscode://file/etc',
    'ms-settings:privacy',
    'smb://server/share',
    'about:blank',
    '/relative/path',
    '',
    'http://',
  ])('refuses %s', (url) => {
    expect(externalUrl(url)).toBeNull();
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it('denies by default and allows scripts only from the app itself', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('is set on a response, replacing any policy already there', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'X-Other': 'a' });
    expect(headers).toEqual({ 'X-Other': ['a'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
