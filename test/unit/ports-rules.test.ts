import { describe, expect, it } from 'vitest';
import type { PortBinding } from '../../preload/contract';
import { forwardRules } from '../../main/core/ports/rules';

const tcp = (hostIp: string | null, hostPort: number | null, containerPort = 80): PortBinding => ({ containerPort, protocol: 'tcp', hostIp, hostPort });
const udp = (hostIp: string | null, hostPort: number | null, containerPort = 53): PortBinding => ({ containerPort, protocol: 'udp', hostIp, hostPort });
const web = (...ports: PortBinding[]) => ({ id: 'c1', name: 'web', ports });

describe('port forward rules: which host listeners a container needs', () => {
  it.each([
    ['0.0.0.0 and :: (how Docker lists -p 8080:80)', [tcp('0.0.0.0', 8080), tcp('::', 8080)], 'all-interfaces', ['0.0.0.0', '::']],
    ['0.0.0.0 under the localhost policy', [tcp('0.0.0.0', 8080), tcp('::', 8080)], 'localhost', ['127.0.0.1', '::1']],
    ['an empty host IP means all interfaces', [tcp('', 8080)], 'all-interfaces', ['0.0.0.0', '::']],
    ['a null host IP means all interfaces', [tcp(null, 8080)], 'all-interfaces', ['0.0.0.0', '::']],
    ['127.0.0.1: loopback on both families', [tcp('127.0.0.1', 8080)], 'all-interfaces', ['127.0.0.1', '::1']],
    ['::1: loopback on both families', [tcp('::1', 8080)], 'all-interfaces', ['127.0.0.1', '::1']],
    ['a specific address: that address alone', [tcp('192.168.5.9', 8080)], 'all-interfaces', ['192.168.5.9']],
  ] as const)('%s', (_name, ports, policy, listen) => {
    const rules = forwardRules(web(...ports), policy);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ protocol: 'tcp', hostPort: 8080, containerPort: ports[0]!.containerPort, listen });
  });

  it('targets the guest loopback over IPv4, except for a ::1-only publish', () => {
    expect(forwardRules(web(tcp('0.0.0.0', 1)), 'all-interfaces')[0]!.targetFamily).toBe(4);
    expect(forwardRules(web(tcp('127.0.0.1', 1)), 'all-interfaces')[0]!.targetFamily).toBe(4);
    expect(forwardRules(web(tcp('::1', 1)), 'all-interfaces')[0]!.targetFamily).toBe(6);
  });

  it('a port range (-p 9000-9002:9000-9002) is one forward per port, sorted', () => {
    const rules = forwardRules(web(tcp('0.0.0.0', 9002, 9002), tcp('0.0.0.0', 9000, 9000), tcp('0.0.0.0', 9001, 9001)), 'all-interfaces');
    expect(rules.map((r) => [r.hostPort, r.containerPort])).toEqual([[9000, 9000], [9001, 9001], [9002, 9002]]);
  });

  it('random host ports (-P) are forwarded as Docker assigned them; unpublished ports are not', () => {
    const rules = forwardRules(web(tcp('0.0.0.0', 49153, 80), tcp(null, null, 443)), 'all-interfaces');
    expect(rules.map((r) => r.hostPort)).toEqual([49153]);
  });

  it('TCP and UDP on the same number are two forwards; SCTP is not forwarded', () => {
    const rules = forwardRules(web(tcp('0.0.0.0', 5353), udp('0.0.0.0', 5353), { containerPort: 9, protocol: 'sctp', hostIp: null, hostPort: 9 }), 'localhost');
    expect(rules.map((r) => `${r.protocol}/${r.hostPort}`)).toEqual(['tcp/5353', 'udp/5353']);
    expect(rules.find((r) => r.protocol === 'udp')!.listen).toEqual(['127.0.0.1', '::1']);
  });

  it('keys are stable across calls and change with the policy, so a reconcile re-listens only when needed', () => {
    const ports = [tcp('0.0.0.0', 8080), tcp('::', 8080)];
    expect(forwardRules(web(...ports), 'localhost')[0]!.key).toBe(forwardRules(web(...[...ports].reverse()), 'localhost')[0]!.key);
    expect(forwardRules(web(...ports), 'localhost')[0]!.key).not.toBe(forwardRules(web(...ports), 'all-interfaces')[0]!.key);
  });

  it('reports the published IP as Docker means it', () => {
    expect(forwardRules(web(tcp('::', 1), tcp('0.0.0.0', 1)), 'all-interfaces')[0]!.publishedIp).toBe('0.0.0.0');
    expect(forwardRules(web(tcp('127.0.0.1', 1)), 'all-interfaces')[0]!.publishedIp).toBe('127.0.0.1');
  });
});
