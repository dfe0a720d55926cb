import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redactText, redactValue } from '../../main/core/troubleshoot/redact';

describe('redactText', () => {
  it.each([
    ['web login link', 'open http://127.0.0.1:4100/?token=abcDEF123_-x now', 'open http://127.0.0.1:4100/?token=[redacted] now'],
    ['URL credentials', 'proxy https://alice:s3cret@proxy.example:3128/path', 'proxy https://[redacted]@proxy.example:3128/path'],
    ['URL token as user', 'git clone https://ghp_abc123@github.com/x/y', 'git clone https://[redacted]@github.com/x/y'],
    ['access_token parameter', 'GET /v2/?access_token=zzz&scope=pull', 'GET /v2/?access_token=[redacted]&scope=pull'],
    ['password=… in a log line', 'login user=bob password=hunter2 ok', 'login user=bob password=[redacted] ok'],
    ['authorization header', 'Authorization: Bearer eyJhbGciOi.x.y', 'Authorization: Bearer [redacted]'],
    ['basic auth header', 'authorization: Basic dXNlcjpwYXNz', 'authorization: Basic [redacted]'],
  ])('masks %s', (_what, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    'unix:///home/me/.local/state/berth/run/docker.sock',
    'tcp://127.0.0.1:2375',
    'qemu-system-x86_64 -m 2048 -smp 2 -drive file=/x/data.img',
    'mailto-like text a@b without a scheme',
    'hostPath=/home/me/src',
  ])('leaves %s alone', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('masks secret-named keys at any depth and scrubs strings, keeping the rest', () => {
    const settings = {
      backend: 'qemu',
      cpus: 2,
      shares: [{ hostPath: '/home/me', writable: true }],
      guestImagePath: null,
      proxy: { httpProxy: 'http://bob:pw@proxy:3128', noProxy: 'localhost' },
      registryAuth: { 'index.docker.io': { password: 'hunter2', username: 'bob', identitytoken: 'tok' } },
      apiKey: 'k-123',
      emptyToken: '',
    };
    expect(redactValue(settings)).toEqual({
      backend: 'qemu',
      cpus: 2,
      shares: [{ hostPath: '/home/me', writable: true }],
      guestImagePath: null,
      proxy: { httpProxy: `http://${REDACTED}@proxy:3128`, noProxy: 'localhost' },
      registryAuth: REDACTED,
      apiKey: REDACTED,
      emptyToken: '',
    });
    // The input is not changed in place.
    expect(settings.apiKey).toBe('k-123');
  });

  it('knows which keys are secrets, and which only look close', () => {
    for (const key of ['password', 'dbPassword', 'token', 'accessToken', 'clientSecret', 'sshPrivateKey', 'api_key', 'auth', 'credential']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['hostPath', 'guestImagePath', 'portBindPolicy', 'author', 'keyboard', 'passes', 'startAtLogin']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});
