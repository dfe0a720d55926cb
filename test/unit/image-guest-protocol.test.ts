import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUEST_PROTOCOL } from '../../main/core/image/manifest';

describe('guest protocol', () => {
  it('is the same number in the image build and in Berth, so an image is refused only when it really differs', () => {
    const build = readFileSync('assets/vm/build-image.sh', 'utf8');
    expect(Number(/^GUEST_PROTOCOL=(\d+)$/m.exec(build)?.[1])).toBe(GUEST_PROTOCOL);
    expect(build).toContain('"guestProtocol": $GUEST_PROTOCOL,');
  });
});
