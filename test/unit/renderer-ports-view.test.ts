import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PortForward } from '../../preload/contract';
import { brokenForwardLabel, brokenForwards, forwardAddress, forwardFor, forwardUrl } from '../../renderer/src/lib/ports-view';

const forward = (over: Partial<PortForward> = {}): PortForward => ({
  id: 'c1/tcp/8080', containerId: 'c1', containerName: 'web', protocol: 'tcp', hostPort: 8080, containerPort: 80,
  publishedIp: '0.0.0.0', addresses: ['0.0.0.0', '::'], state: 'forwarding', message: null,
  connections: 0, activeConnections: 0, bytesIn: 0, bytesOut: 0, ...over,
});

describe('ports view', () => {
  it('writes addresses with IPv6 in brackets', () => {
    expect(forwardAddress(forward())).toBe('0.0.0.0, [::]:8080');
    expect(forwardAddress(forward({ addresses: ['127.0.0.1', '::1'] }))).toBe('127.0.0.1, [::1]:8080');
  });

  it('links only a working TCP forward that loopback reaches', () => {
    expect(forwardUrl(forward())).toBe('http://127.0.0.1:8080/');
    expect(forwardUrl(forward({ protocol: 'udp' }))).toBeNull();
    expect(forwardUrl(forward({ state: 'conflict' }))).toBeNull();
    expect(forwardUrl(forward({ addresses: ['192.168.1.4'] }))).toBeNull();
  });

  it("finds the forward behind a container's binding, by container, port and protocol", () => {
    const all = [forward(), forward({ id: 'u', protocol: 'udp' }), forward({ id: 'o', containerId: 'c2' })];
    expect(forwardFor(all, 'c1', { containerPort: 80, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 8080 })?.id).toBe('u');
    expect(forwardFor(all, 'c1', { containerPort: 80, protocol: 'tcp', hostIp: null, hostPort: 9090 })).toBeUndefined();
  });

  it('lists conflicts and failures, not working or stopping forwards', () => {
    const all = [forward(), forward({ id: 'a', state: 'conflict' }), forward({ id: 'b', state: 'failed' }), forward({ id: 'c', state: 'stopping' })];
    expect(brokenForwards(all).map((f) => f.id)).toEqual(['a', 'b']);
  });

  it('labels a broken forward with the protocol lowercase, as docker prints it, and the state as the Ports page does', () => {
    expect(brokenForwardLabel(forward({ hostPort: 18087, state: 'conflict' }))).toBe('18087/tcp: Conflict');
    expect(brokenForwardLabel(forward({ protocol: 'udp', hostPort: 53, state: 'failed' }))).toBe('53/udp: Failed');
    // .badge capitalises every word; the ports badge must not, or "tcp" reads "Tcp".
    const css = readFileSync(new URL('../../renderer/src/styles.css', import.meta.url), 'utf8');
    expect(css).toMatch(/\.port-broken\s*\{[^}]*text-transform:\s*none/);
  });
});
