import { describe, expect, it } from 'vitest';
import { BerthError } from '../../preload/contract';
import { describeDockerHost, dockerOptionsFromHost } from '../../main/core/docker/connection';

describe('dockerOptionsFromHost', () => {
  it.each([
    [undefined, { socketPath: '/var/run/docker.sock' }],
    ['', { socketPath: '/var/run/docker.sock' }],
    ['  ', { socketPath: '/var/run/docker.sock' }],
    ['unix:///var/run/docker.sock', { socketPath: '/var/run/docker.sock' }],
    ['unix:///tmp/berth d/docker.sock', { socketPath: '/tmp/berth d/docker.sock' }],
    ['unix://', { socketPath: '/var/run/docker.sock' }],
    ['UNIX:///run/user/1000/docker.sock', { socketPath: '/run/user/1000/docker.sock' }],
    ['npipe:////./pipe/docker_engine', { socketPath: '//./pipe/docker_engine' }],
    ['npipe://', { socketPath: '//./pipe/docker_engine' }],
    ['tcp://127.0.0.1:2375', { host: '127.0.0.1', port: 2375, protocol: 'http' }],
    ['tcp://docker.example:12375/', { host: 'docker.example', port: 12375, protocol: 'http' }],
    ['tcp://localhost', { host: 'localhost', port: 2375, protocol: 'http' }],
    ['tcp://:2376', { host: 'localhost', port: 2376, protocol: 'http' }],
    ['tcp://[::1]:2375', { host: '::1', port: 2375, protocol: 'http' }],
    ['192.168.1.5:2375', { host: '192.168.1.5', port: 2375, protocol: 'http' }],
  ])('%j → %j', (dockerHost, expected) => {
    expect(dockerOptionsFromHost(dockerHost)).toEqual(expected);
  });

  it.each([
    ['ssh://me@server', /scheme "ssh" is not supported/],
    ['http://localhost:2375', /scheme "http" is not supported/],
    ['unix://relative/docker.sock', /socket path must be absolute/],
    ['tcp://host:notaport', /not a valid host:port/],
    ['tcp://host:99999', /not a valid host:port/],
    ['tcp://host:2375/v1.41', /takes no path/],
  ])('refuses %j, naming DOCKER_HOST and what to use instead', (dockerHost, why) => {
    let caught: unknown;
    try {
      dockerOptionsFromHost(dockerHost);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BerthError);
    const error = caught as BerthError;
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(why);
    expect(error.message).toContain(`DOCKER_HOST="${dockerHost}"`);
    expect(error.message).toContain('unix:///var/run/docker.sock');
  });
});

describe('describeDockerHost', () => {
  it.each([
    [{ socketPath: '/var/run/docker.sock' }, 'unix:///var/run/docker.sock'],
    [{ socketPath: '//./pipe/docker_engine' }, 'npipe:////./pipe/docker_engine'],
    [{ host: '10.0.0.2', port: 2375 }, 'tcp://10.0.0.2:2375'],
    [{ host: '::1', port: '2376' }, 'tcp://[::1]:2376'],
    [{}, 'tcp://localhost:2375'],
  ])('%j → %s', (options, expected) => {
    expect(describeDockerHost(options)).toBe(expected);
  });

  it.each([
    'unix:///var/run/docker.sock',
    'unix:///tmp/x/docker.sock',
    'npipe:////./pipe/docker_engine',
    'tcp://127.0.0.1:2375',
    'tcp://[::1]:2375',
  ])('gives back %s unchanged after a round trip', (dockerHost) => {
    expect(describeDockerHost(dockerOptionsFromHost(dockerHost))).toBe(dockerHost);
  });

  it('spells out what an unset or bare DOCKER_HOST means', () => {
    expect(describeDockerHost(dockerOptionsFromHost(undefined))).toBe('unix:///var/run/docker.sock');
    expect(describeDockerHost(dockerOptionsFromHost('docker.lan:2375'))).toBe('tcp://docker.lan:2375');
  });
});
