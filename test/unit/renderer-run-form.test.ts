import { describe, expect, it } from 'vitest';
import { bindsOutsideShares, emptyRunForm, isIpAddress, splitCommand, validateRunForm, type RunForm } from '../../renderer/src/images/run-form';

const form = (patch: Partial<RunForm>): RunForm => ({ ...emptyRunForm('berth-test/busybox'), ...patch });

describe('validateRunForm', () => {
  it('turns an empty form into a spec that runs the image as it is', () => {
    expect(validateRunForm(form({}))).toEqual({
      errors: {},
      spec: { image: 'berth-test/busybox', ports: [], binds: [], volumes: [], env: [] },
    });
  });

  it('builds the whole spec from a filled form, trimming and ignoring blank rows', () => {
    const check = validateRunForm(
      form({
        name: ' web ',
        ports: [
          { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
          { hostIp: '127.0.0.1', hostPort: '', containerPort: '53', protocol: 'udp' },
          { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' },
        ],
        binds: [{ hostPath: '/home/me/src', containerPath: '/src', readOnly: true }, { hostPath: '', containerPath: '', readOnly: false }],
        volumes: [{ name: 'cache', containerPath: '/cache', readOnly: false }],
        env: [{ name: 'GREETING', value: ' hi there ' }, { name: '', value: '' }],
        network: 'bridge',
        restartPolicy: 'unless-stopped',
        command: `sh -c 'echo "$GREETING" > /src/out'`,
      }),
    );
    expect(check.errors).toEqual({});
    expect(check.spec).toEqual({
      image: 'berth-test/busybox',
      name: 'web',
      ports: [
        { hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: null, containerPort: 53, protocol: 'udp' },
      ],
      binds: [{ hostPath: '/home/me/src', containerPath: '/src', readOnly: true }],
      volumes: [{ name: 'cache', containerPath: '/cache', readOnly: false }],
      // Values are kept exactly as typed: spaces can matter.
      env: [{ name: 'GREETING', value: ' hi there ' }],
      network: 'bridge',
      restartPolicy: 'unless-stopped',
      command: ['sh', '-c', 'echo "$GREETING" > /src/out'],
    });
  });

  it.each([
    [{ name: '-web' }, 'name', /letters, digits/],
    [{ image: '  ' }, 'image', /Choose an image/],
    [{ ports: [{ hostIp: '', hostPort: '8080', containerPort: '', protocol: 'tcp' as const }] }, 'ports.0.containerPort', /1 to 65535/],
    [{ ports: [{ hostIp: '', hostPort: '65536', containerPort: '80', protocol: 'tcp' as const }] }, 'ports.0.hostPort', /1 to 65535/],
    [{ ports: [{ hostIp: '', hostPort: '80.5', containerPort: '80', protocol: 'tcp' as const }] }, 'ports.0.hostPort', /whole number/],
    [{ ports: [{ hostIp: 'localhost', hostPort: '80', containerPort: '80', protocol: 'tcp' as const }] }, 'ports.0.hostIp', /127\.0\.0\.1/],
    [{ ports: [{ hostIp: '', hostPort: '80', containerPort: '80', protocol: 'tcp' as const }, { hostIp: '', hostPort: '80', containerPort: '81', protocol: 'tcp' as const }] }, 'ports.1.hostPort', /already used by port row 1/],
    [{ binds: [{ hostPath: 'src', containerPath: '/src', readOnly: false }] }, 'binds.0.hostPath', /full path/],
    [{ binds: [{ hostPath: '/a', containerPath: 'src', readOnly: false }] }, 'binds.0.containerPath', /full path/],
    [{ binds: [{ hostPath: '/a', containerPath: '/data', readOnly: false }], volumes: [{ name: 'v', containerPath: '/data/', readOnly: false }] }, 'volumes.0.containerPath', /already mounted/],
    [{ volumes: [{ name: 'my vol', containerPath: '/v', readOnly: false }] }, 'volumes.0.name', /Volume name/],
    [{ env: [{ name: 'A=B', value: '' }] }, 'env.0.name', /cannot contain "="/],
    [{ env: [{ name: '', value: 'orphan' }] }, 'env.0.name', /Give the variable a name/],
    [{ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, 'env.1.name', /already set in row 1/],
    [{ network: 'my net' }, 'network', /network name/],
    [{ command: 'echo "unfinished' }, 'command', /unclosed double quote/],
  ])('refuses %o at %s', (patch, field, message) => {
    const check = validateRunForm(form(patch));
    expect(check.spec).toBeNull();
    expect(check.errors[field]).toMatch(message);
  });

  it('allows the same host port for TCP and UDP, and on two different host IPs', () => {
    const check = validateRunForm(
      form({
        ports: [
          { hostIp: '', hostPort: '53', containerPort: '53', protocol: 'tcp' },
          { hostIp: '', hostPort: '53', containerPort: '53', protocol: 'udp' },
          { hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
          { hostIp: '127.0.0.2', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
        ],
      }),
    );
    expect(check.errors).toEqual({});
    expect(check.spec?.ports).toHaveLength(4);
  });
});

describe('splitCommand', () => {
  it.each([
    ['echo hi', ['echo', 'hi']],
    ['  spaced   out  ', ['spaced', 'out']],
    [`sh -c 'echo $HOME'`, ['sh', '-c', 'echo $HOME']],
    [`echo "a \\"quoted\\" word"`, ['echo', 'a "quoted" word']],
    ['echo a\\ b', ['echo', 'a b']],
    [`printf ''`, ['printf', '']],
    [`a"b"'c'`, ['abc']],
  ])('%s', (line, words) => {
    expect(splitCommand(line)).toEqual(words);
  });

  it('reports unfinished quoting', () => {
    expect(splitCommand(`echo 'open`)).toMatch(/unclosed single quote/);
    expect(splitCommand('echo \\')).toMatch(/lone backslash/);
  });
});

describe('bindsOutsideShares', () => {
  const shares = [
    { hostPath: '/home/me', writable: true },
    { hostPath: '/srv/ro', writable: false },
  ];
  const binds = [
    { hostPath: '/home/me/src', containerPath: '/src', readOnly: false },
    { hostPath: '/tmp/scratch', containerPath: '/tmp', readOnly: false },
    { hostPath: '/home/meet', containerPath: '/x', readOnly: false },
    { hostPath: '/srv/ro/data', containerPath: '/data', readOnly: false },
    { hostPath: '/srv/ro/data', containerPath: '/data2', readOnly: true },
    { hostPath: '/home/me/../other', containerPath: '/o', readOnly: false },
  ];

  it("flags folders Berth's VM cannot see, and writes into a read-only share", () => {
    const flagged = bindsOutsideShares(binds, shares, 'qemu');
    expect([...flagged.keys()]).toEqual([1, 2, 3, 5]);
    expect(flagged.get(1)).toMatch(/\/tmp\/scratch is not in a shared folder.*Settings/);
    // A sibling with a common prefix is not inside the share.
    expect(flagged.get(2)).toMatch(/not in a shared folder/);
    expect(flagged.get(3)).toMatch(/shared read-only/);
    // ".." is resolved before comparing.
    expect(flagged.get(5)).toMatch(/not in a shared folder/);
  });

  it('flags nothing for the host engine, which sees every folder', () => {
    expect(bindsOutsideShares(binds, shares, 'native').size).toBe(0);
    expect(bindsOutsideShares(binds, shares, null).size).toBe(0);
  });
});

describe('isIpAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['0.0.0.0', true],
    ['256.0.0.1', false],
    ['::1', true],
    ['fe80::1:2', true],
    ['2001:db8:0:0:0:0:0:1', true],
    ['1::2::3', false],
    ['localhost', false],
    ['', false],
  ])('%s → %s', (text, ok) => {
    expect(isIpAddress(text)).toBe(ok);
  });
});
