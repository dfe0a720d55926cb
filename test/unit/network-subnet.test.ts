/** Subnet and gateway checks for a new network, shared by the form and the contract's input schema. */
import { describe, expect, it } from 'vitest';
import { methodInputs } from '../../preload/contract/methods';
import { formatIpv4, gatewayProblem, parseIpv4, subnetProblem } from '../../preload/contract/networks';
import { networkFormProblems } from '../../renderer/src/lib/network-form';

describe('subnetProblem', () => {
  it.each(['172.30.0.0/16', '10.0.0.0/8', '192.168.5.0/24', ' 10.77.0.0/24 ', '10.0.0.4/30'])('accepts %s', (subnet) => {
    expect(subnetProblem(subnet)).toBeNull();
  });

  it.each([
    ['172.30.0.0', /CIDR form/],
    ['172.30.0/16', /not an IPv4 address/],
    ['256.1.1.0/24', /not an IPv4 address/],
    ['01.2.3.0/24', /not an IPv4 address/],
    ['10.0.0.0/31', /between \/8 and \/30/],
    ['10.0.0.0/4', /between \/8 and \/30/],
    ['172.30.1.0/16', /host bits set: the network address for \/16 is 172\.30\.0\.0/],
  ])('refuses %s', (subnet, message) => {
    expect(subnetProblem(subnet)).toMatch(message);
  });
});

describe('gatewayProblem', () => {
  it('accepts a host address inside the subnet', () => {
    expect(gatewayProblem('172.30.0.1', '172.30.0.0/16')).toBeNull();
    expect(gatewayProblem('172.30.255.254', '172.30.0.0/16')).toBeNull();
  });

  it('refuses addresses outside, the network and broadcast addresses, and a gateway without a subnet', () => {
    expect(gatewayProblem('172.31.0.1', '172.30.0.0/16')).toMatch(/outside 172\.30\.0\.0\/16/);
    expect(gatewayProblem('10.1.0.0', '10.1.0.0/24')).toMatch(/network address; use a host address such as 10\.1\.0\.1/);
    expect(gatewayProblem('10.1.0.255', '10.1.0.0/24')).toMatch(/broadcast address/);
    expect(gatewayProblem('10.1.0.1', undefined)).toMatch(/needs a subnet/);
    expect(gatewayProblem('10.1.0', '10.1.0.0/24')).toMatch(/not an IPv4 address/);
  });

  it('converts addresses both ways', () => {
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(formatIpv4(parseIpv4('172.30.4.9')!)).toBe('172.30.4.9');
  });
});

describe('networks:create input', () => {
  const schema = methodInputs['networks:create'];

  it('fills in defaults and keeps a valid subnet and gateway', () => {
    expect(schema.parse({ name: 'backend', subnet: '10.9.0.0/24', gateway: '10.9.0.1' })).toEqual({
      name: 'backend',
      driver: 'bridge',
      subnet: '10.9.0.0/24',
      gateway: '10.9.0.1',
      internal: false,
    });
  });

  it('names the field that is wrong and says why', () => {
    const result = schema.safeParse({ name: 'backend', subnet: '10.9.0.0/24', gateway: '10.8.0.1' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['gateway'], message: '10.8.0.1 is outside 10.9.0.0/24.' });
    expect(schema.safeParse({ name: '../x' }).success).toBe(false);
    expect(schema.safeParse({ name: 'x', driver: 'weird' }).success).toBe(false);
  });
});

describe('the create form', () => {
  it('reports each field separately, and nothing for an empty optional field', () => {
    expect(networkFormProblems({ name: 'web', subnet: '', gateway: '' })).toEqual({});
    expect(networkFormProblems({ name: '-bad', subnet: '10.0.0.1/24', gateway: '10.0.1.1' })).toEqual({
      name: expect.stringMatching(/letters, digits/),
      subnet: expect.stringMatching(/host bits set/),
    });
    // A gateway is judged against a subnet that is itself valid.
    expect(networkFormProblems({ name: 'ok', subnet: '10.0.0.0/24', gateway: '10.0.1.1' })).toEqual({
      gateway: '10.0.1.1 is outside 10.0.0.0/24.',
    });
  });
});
