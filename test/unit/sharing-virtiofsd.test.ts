import { describe, expect, it } from 'vitest';
import { virtiofsdArgs } from '../../main/core/sharing/virtiofsd';

describe('virtiofsdArgs', () => {
  it.each([
    ['/home/dev', 'source=/home/dev'],
    ['/tmp/my project, shared', 'source=/tmp/my project\\, shared'],
    ['/tmp/back\\slash', 'source=/tmp/back\\\\slash'],
  ])('passes %s as one -o source (commas and backslashes escaped)', (hostPath, source) => {
    const args = virtiofsdArgs(hostPath, '/run/berth0.sock');
    expect(args[0]).toBe('--socket-path=/run/berth0.sock');
    expect(args.slice(1, 3)).toEqual(['-o', source]);
    expect(args).toContain('cache=auto');
  });
});
