import { describe, expect, it } from 'vitest';
import {
  DatagramDeframer,
  describeStatus,
  encodeHeader,
  frameDatagram,
  HEADER_BYTES,
} from '../../main/core/ports/agent-protocol';
import { bindFailure } from '../../main/core/ports/listen';
import { processName, socketInodes } from '../../main/core/ports/port-owner';
import { publishedPorts } from '../../main/core/ports/port-forwarder';

describe('berth-portd wire format', () => {
  it('encodes the 40-byte header the agent expects', () => {
    const secret = Buffer.alloc(32, 0xab);
    const header = encodeHeader(secret, 'udp', 6, 5353);
    expect(header.length).toBe(HEADER_BYTES);
    expect(header.subarray(0, 4).toString()).toBe('BPD1');
    expect(header.subarray(4, 36).equals(secret)).toBe(true);
    expect([...header.subarray(36)]).toEqual([0x75, 6, 0x14, 0xe9]);
  });

  it('refuses a bad secret length and a bad port', () => {
    expect(() => encodeHeader(Buffer.alloc(8), 'tcp', 4, 80)).toThrow(/32 bytes/);
    expect(() => encodeHeader(Buffer.alloc(32), 'tcp', 4, 0)).toThrow(/port 0/);
  });

  it('turns status bytes into messages', () => {
    expect(describeStatus(0, 'tcp', 80)).toBeNull();
    expect(describeStatus(111, 'tcp', 80)).toMatch(/nothing answers on tcp port 80 in the VM/);
    expect(describeStatus(5, 'udp', 53)).toMatch(/errno 5/);
  });

  it('frames datagrams and splits them back whatever the chunking', () => {
    const datagrams = [Buffer.from('a'), Buffer.alloc(0), Buffer.alloc(70_000 - 5000, 7), Buffer.from('last')];
    const stream = Buffer.concat(datagrams.map(frameDatagram));
    for (const size of [1, 3, 1000, stream.length]) {
      const deframer = new DatagramDeframer();
      const out: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) out.push(...deframer.push(stream.subarray(at, at + size)));
      expect(out.map((d) => d.toString('hex'))).toEqual(datagrams.map((d) => d.toString('hex')));
    }
    expect(() => frameDatagram(Buffer.alloc(70_000))).toThrow(/too large/);
  });
});

describe('bind failures a user can act on', () => {
  const failure = (code: string) => Object.assign(new Error(code), { code });
  it.each([
    ['EADDRINUSE', 8080, 'conflict', /tcp 127\.0\.0\.1:8080 is already in use/],
    ['EACCES', 80, 'failed', /privileged port: binding below 1024 needs root or CAP_NET_BIND_SERVICE/],
    ['EADDRNOTAVAIL', 8080, 'unavailable', /no such address/],
    ['EINVAL', 8080, 'failed', /EINVAL/],
  ] as const)('%s on port %i is %s', (code, port, kind, message) => {
    const outcome = bindFailure(failure(code), '127.0.0.1', port, 'tcp');
    expect(outcome).toMatchObject({ ok: false, kind });
    expect(outcome.ok ? '' : outcome.message).toMatch(message);
  });

  it('writes an IPv6 address in brackets', () => {
    const outcome = bindFailure(failure('EADDRINUSE'), '::1', 8080, 'udp');
    expect(outcome.ok ? '' : outcome.message).toBe('udp [::1]:8080 is already in use on this host');
  });
});

describe('finding who holds a port (/proc/net tables)', () => {
  const table = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 5151 1 0000000000000000 20 4 30 10 -1',
    '   2: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6363 2 0000000000000000 0',
  ].join('\n');
  it('TCP: only the listening socket on that port', () => expect(socketInodes(table, 8080, 'tcp')).toEqual(['4242']));
  it('UDP: any bound socket on that port', () => expect(socketInodes(table, 53, 'udp')).toEqual(['6363']));
  it('nothing on another port', () => expect(socketInodes(table, 8081, 'tcp')).toEqual([]));
});

describe("naming a port's owner (/proc/PID/comm and cmdline)", () => {
  it('takes the full name from argv[0] when comm is cut at 15 bytes', () =>
    expect(processName('qemu-system-x86\n', '/usr/bin/qemu-system-x86_64\0-machine\0q35\0')).toBe('qemu-system-x86_64'));
  it('keeps an uncut comm that argv[0] agrees with', () => expect(processName('nginx\n', 'nginx\0-g\0daemon off;\0')).toBe('nginx'));
  it('keeps comm when the process rewrote its title', () => {
    expect(processName('postgres\n', 'postgres: checkpointer ')).toBe('postgres');
    expect(processName('bash\n', '-bash\0')).toBe('bash');
    expect(processName('node\n', 'MainThread\0')).toBe('node');
  });
  it('falls back to comm when cmdline is empty or unreadable (a kernel thread, another user)', () =>
    expect(processName('kworker/0:1\n', '')).toBe('kworker/0:1'));
  it('falls back to argv[0], then to "?", when comm is unreadable', () => {
    expect(processName('', '/usr/sbin/sshd\0-D\0')).toBe('sshd');
    expect(processName('', '')).toBe('?');
  });
});

describe("Docker's inspect ports as bindings", () => {
  it('reads each published host binding and skips exposed-only ports', () => {
    expect(
      publishedPorts({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '53/udp': [{ HostIp: '', HostPort: '5353' }], '443/tcp': null }),
    ).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 },
      { containerPort: 53, protocol: 'udp', hostIp: null, hostPort: 5353 },
    ]);
  });
});
