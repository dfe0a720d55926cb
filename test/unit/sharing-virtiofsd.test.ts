import { describe, expect, it } from 'vitest';
import { virtiofsdArgs } from '../../main/core/sharing/virtiofsd';

const c = { flavour: 'c' } as const;
const rust = { flavour: 'rust' } as const;

describe('virtiofsdArgs', () => {
  it.each([
    ['/home/dev', 'source=/home/dev'],
    ['/tmp/my project, shared', 'source=/tmp/my project\\, shared'],
    ['/tmp/back\\slash', 'source=/tmp/back\\\\slash'],
  ])('passes %s to the C virtiofsd as one -o source (commas and backslashes escaped)', (hostPath, source) => {
    const args = virtiofsdArgs(c, hostPath, '/run/berth0.sock', true);
    expect(args[0]).toBe('--socket-path=/run/berth0.sock');
    expect(args.slice(1, 3)).toEqual(['-o', source]);
    expect(args).toContain('cache=auto');
  });

  it('gives the Rust virtiofsd plain flags, and --sandbox=none when Berth is not root', () => {
    expect(virtiofsdArgs(rust, '/tmp/my project, shared', '/run/berth0.sock', false)).toEqual([
      '--socket-path=/run/berth0.sock',
      '--shared-dir=/tmp/my project, shared',
      '--cache=auto',
      '--xattr',
      '--announce-submounts',
      '--sandbox=none',
    ]);
    expect(virtiofsdArgs(rust, '/home/dev', '/run/berth0.sock', true)).not.toContain('--sandbox=none');
  });
});
