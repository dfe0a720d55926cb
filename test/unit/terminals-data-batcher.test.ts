import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataBatcher } from '../../main/core/terminals/data-batcher';

describe('DataBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('joins what arrives within one interval into one delivery, in order', () => {
    const delivered: string[] = [];
    const batcher = new DataBatcher((data) => delivered.push(data), { intervalMs: 16, maxChars: 1000 });
    batcher.write('ab');
    batcher.write('c');
    vi.advanceTimersByTime(15);
    expect(delivered).toEqual([]);
    batcher.write('d');
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual(['abcd']);
    batcher.write('e');
    vi.advanceTimersByTime(16);
    expect(delivered).toEqual(['abcd', 'e']);
  });

  it('delivers at once when the size limit is reached, without waiting for the timer', () => {
    const delivered: string[] = [];
    const batcher = new DataBatcher((data) => delivered.push(data), { intervalMs: 16, maxChars: 10 });
    batcher.write('12345');
    batcher.write('67890x');
    expect(delivered).toEqual(['1234567890x']);
    vi.advanceTimersByTime(100);
    expect(delivered).toEqual(['1234567890x']);
  });

  it('flush hands on what waits now; an empty flush delivers nothing', () => {
    const delivered: string[] = [];
    const batcher = new DataBatcher((data) => delivered.push(data));
    batcher.flush();
    batcher.write('');
    batcher.write('last words');
    batcher.flush();
    vi.advanceTimersByTime(100);
    expect(delivered).toEqual(['last words']);
  });

  it('delivers nothing after dispose, even what was waiting', () => {
    const delivered: string[] = [];
    const batcher = new DataBatcher((data) => delivered.push(data));
    batcher.write('pending');
    batcher.dispose();
    batcher.write('later');
    batcher.flush();
    vi.advanceTimersByTime(100);
    expect(delivered).toEqual([]);
  });

  it('uses a 16 ms interval and a 200 KB limit by default', () => {
    const delivered: string[] = [];
    const batcher = new DataBatcher((data) => delivered.push(data));
    batcher.write('x');
    vi.advanceTimersByTime(16);
    expect(delivered).toEqual(['x']);
    batcher.write('y'.repeat(200 * 1024));
    expect(delivered).toHaveLength(2);
  });
});
