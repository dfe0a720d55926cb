import { describe, expect, it } from 'vitest';
import { deniedBindSource, MountGuard } from '../../main/core/sharing/mount-guard';

const shared = ['/home/dev', '/srv/data'];

describe('deniedBindSource', () => {
  it.each([
    [{ HostConfig: { Binds: ['/home/dev/app:/src'] } }, null],
    [{ HostConfig: { Binds: ['/home/dev:/src:ro', 'myvolume:/data'] } }, null],
    [{ HostConfig: { Binds: ['/var/run/docker.sock:/var/run/docker.sock'] } }, null],
    [{ HostConfig: { Binds: ['/etc:/host-etc'] } }, '/etc'],
    [{ HostConfig: { Binds: ['/home/developer:/x'] } }, '/home/developer'],
    [{ HostConfig: { Binds: ['/home/dev/../../etc:/x'] } }, '/etc'],
    [{ HostConfig: { Mounts: [{ Type: 'bind', Source: '/opt/tool', Target: '/t' }] } }, '/opt/tool'],
    [{ HostConfig: { Mounts: [{ Type: 'volume', Source: 'v', Target: '/t' }] } }, null],
    [{ Image: 'x' }, null],
  ])('%j → %s', (body, denied) => {
    expect(deniedBindSource(body, shared)).toBe(denied);
  });
});

function request(method: string, target: string, body = '', extra = ''): string {
  return `${method} ${target} HTTP/1.1\r\nHost: docker\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

async function through(input: string[]): Promise<{ forwarded: string; answered: string }> {
  const answers: Buffer[] = [];
  const guard = new MountGuard(shared, (response) => answers.push(response));
  const out: Buffer[] = [];
  guard.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => guard.on('end', resolve));
  for (const piece of input) guard.write(Buffer.from(piece));
  guard.end();
  await ended;
  return { forwarded: Buffer.concat(out).toString(), answered: Buffer.concat(answers).toString() };
}

describe('MountGuard', () => {
  const allowed = request('POST', '/v1.47/containers/create?name=a', JSON.stringify({ HostConfig: { Binds: ['/home/dev:/src'] } }));
  const denied = request('POST', '/v1.47/containers/create', JSON.stringify({ HostConfig: { Binds: ['/etc:/x'] } }));
  const ping = request('GET', '/_ping');

  it('forwards allowed requests byte for byte, even split in odd places', async () => {
    const all = ping + allowed + ping;
    const pieces = [all.slice(0, 7), all.slice(7, 60), all.slice(60, 61), all.slice(61)];
    expect(await through(pieces)).toEqual({ forwarded: all, answered: '' });
  });

  it('answers a create that binds an unshared path with a 400 naming it and how to share it, and forwards the next request', async () => {
    const { forwarded, answered } = await through([denied + ping]);
    expect(forwarded).toBe(ping);
    expect(answered).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const message = JSON.parse(answered.slice(answered.indexOf('\r\n\r\n') + 4)).message as string;
    expect(message).toContain('Mounts denied: the path /etc is not shared');
    expect(message).toContain('berth settings set shares');
  });

  it('stops reading a connection once it is upgraded (attach, exec)', async () => {
    const upgrade = request('POST', '/v1.47/containers/x/attach?stream=1', '', 'Upgrade: tcp\r\nConnection: Upgrade\r\n');
    expect(await through([upgrade + denied])).toEqual({ forwarded: upgrade + denied, answered: '' });
  });

  it('passes bodies of other requests without looking inside', async () => {
    const load = request('POST', '/v1.47/images/load', 'POST /containers/create HTTP/1.1\r\n\r\n');
    expect(await through([load + ping])).toEqual({ forwarded: load + ping, answered: '' });
  });
});
