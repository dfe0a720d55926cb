import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../renderer/src/lib/routes';

describe('terminal routes', () => {
  it('reads and writes the Terminal tab of a container and the Terminals page', () => {
    expect(parseHash('#/containers/web-1/terminal')).toEqual({ page: 'container', id: 'web-1', tab: 'terminal' });
    expect(formatHash({ page: 'container', id: 'web-1', tab: 'terminal' })).toBe('#/containers/web-1/terminal');
    expect(parseHash('#/terminal')).toEqual({ page: 'terminal' });
    expect(formatHash({ page: 'terminal' })).toBe('#/terminal');
  });
});
