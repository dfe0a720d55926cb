import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PullLayer } from '../../preload/contract';
import { layerFraction, overallFraction, phaseOf, PullTracker, type PullMessage } from '../../main/core/docker/pull-progress';

/** A pull's answer as Docker writes it: one JSON object per line (hand-written from Docker's format). */
function recorded(name: string): PullMessage[] {
  const text = readFileSync(path.join(__dirname, '../fixtures/pull-progress', name), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as PullMessage);
}

function layer(partial: Partial<PullLayer>): PullLayer {
  return { id: 'l', phase: 'waiting', status: '', totalBytes: null, downloadedBytes: 0, extractedBytes: 0, fraction: 0, ...partial };
}

describe('phaseOf', () => {
  it.each([
    ['Pulling fs layer', 'waiting'],
    ['Waiting', 'waiting'],
    ['Retrying in 5 seconds', 'waiting'],
    ['Downloading', 'downloading'],
    ['Verifying Checksum', 'verifying'],
    ['Download complete', 'verifying'],
    ['Extracting', 'extracting'],
    ['Pull complete', 'done'],
    ['Already exists', 'done'],
    ['Pulling from library/nginx', null],
    ['Digest: sha256:abc', null],
  ])('%s → %s', (status, phase) => {
    expect(phaseOf(status)).toBe(phase);
  });
});

describe('layerFraction', () => {
  it.each([
    [{ phase: 'waiting' as const }, 0],
    [{ phase: 'downloading' as const, totalBytes: 1000, downloadedBytes: 500 }, 0.4],
    [{ phase: 'downloading' as const, totalBytes: null, downloadedBytes: 500 }, 0],
    // Docker can report a little past the total; a layer never shows more than its share.
    [{ phase: 'downloading' as const, totalBytes: 1000, downloadedBytes: 1200 }, 0.8],
    [{ phase: 'verifying' as const, totalBytes: 1000 }, 0.8],
    [{ phase: 'extracting' as const, totalBytes: 1000, extractedBytes: 500 }, 0.9],
    [{ phase: 'done' as const }, 1],
  ])('%o → %f', (partial, expected) => {
    expect(layerFraction(layer(partial))).toBeCloseTo(expected, 10);
  });
});

describe('overallFraction', () => {
  it('weights layers by size', () => {
    const big = layer({ id: 'big', phase: 'done', totalBytes: 900 });
    const small = layer({ id: 'small', phase: 'waiting', totalBytes: 100 });
    expect(overallFraction([big, small])).toBeCloseTo(0.9, 10);
  });

  it('counts a layer of unknown size as an average one', () => {
    const known = layer({ id: 'a', phase: 'done', totalBytes: 300 });
    const unknown = layer({ id: 'b', phase: 'waiting' });
    expect(overallFraction([known, unknown])).toBeCloseTo(0.5, 10);
  });

  it('is 0 with no layers and counts equally when no size is known', () => {
    expect(overallFraction([])).toBe(0);
    expect(overallFraction([layer({ phase: 'done' }), layer({ phase: 'waiting' })])).toBeCloseTo(0.5, 10);
  });
});

describe('PullTracker on a recorded pull', () => {
  it('follows three layers to the end, one already present', () => {
    const tracker = new PullTracker('nginx:1.27');
    const fractions: number[] = [];
    const messages = recorded('three-layers.jsonl');
    for (const message of messages) {
      tracker.apply(message);
      fractions.push(tracker.snapshot().fraction);
    }
    const end = tracker.snapshot();
    expect(end.layers.map((l) => [l.id, l.phase, l.status])).toEqual([
      ['2d429b9e73a6', 'done', 'Already exists'],
      ['9b1039c85176', 'done', 'Pull complete'],
      ['9ad567d3b8a2', 'done', 'Pull complete'],
    ]);
    expect(end.fraction).toBe(1);
    expect(end.status).toBe('Status: Downloaded newer image for nginx:1.27');
    expect(tracker.error).toBeNull();
    // Messages 1-4 name the layers (one already there: 1 of 1, then 1 of 2, 1 of 3 equal shares).
    expect(fractions.slice(0, 4)).toEqual([0, 1, 0.5, 1 / 3]);
    // From then on the bar never goes backwards, though a layer's size arriving lowers the weighted sum.
    for (let i = 4; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions[fractions.length - 2]).toBe(1);
  });

  it('gives the figures of the middle of the pull', () => {
    const tracker = new PullTracker('nginx:1.27');
    // Up to: big layer 20 MB of 40 MB downloaded, small layer 5 kB of 10 kB.
    for (const message of recorded('three-layers.jsonl').slice(0, 8)) tracker.apply(message);
    const { layers, fraction } = tracker.snapshot();
    const big = layers.find((l) => l.id === '9b1039c85176')!;
    expect([big.phase, big.downloadedBytes, big.totalBytes]).toEqual(['downloading', 20_000_000, 40_000_000]);
    expect(big.fraction).toBeCloseTo(0.4, 10);
    const small = layers.find((l) => l.id === '9ad567d3b8a2')!;
    expect(small.fraction).toBeCloseTo(0.4, 10);
    // The existing layer has no size: it weighs the mean of the two known ones, (40 MB + 10 kB) / 2.
    const mean = (40_000_000 + 10_000) / 2;
    const expected = (mean * 1 + 40_000_000 * 0.4 + 10_000 * 0.4) / (mean + 40_000_000 + 10_000);
    expect(fraction).toBeCloseTo(expected, 10);
  });

  it('keeps the "Pulling from" line as status, not as a layer', () => {
    const tracker = new PullTracker('nginx:1.27');
    tracker.apply({ status: 'Pulling from library/nginx', id: '1.27' });
    expect(tracker.snapshot()).toMatchObject({ layers: [], status: 'Pulling from library/nginx (1.27)', fraction: 0 });
  });

  it("keeps the engine's error verbatim and does not claim completion", () => {
    const tracker = new PullTracker('redis:7');
    for (const message of recorded('registry-unreachable.jsonl')) tracker.apply(message);
    expect(tracker.error).toBe('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: server misbehaving');
    const { fraction, layers } = tracker.snapshot();
    expect(fraction).toBeCloseTo(0.2, 10);
    expect(layers[0]).toMatchObject({ phase: 'downloading', downloadedBytes: 3000, totalBytes: 12000 });
  });

  it('ignores messages with neither status nor error', () => {
    const tracker = new PullTracker('x');
    expect(tracker.apply({ progress: 'junk' })).toBe(false);
    expect(tracker.snapshot().layers).toEqual([]);
  });
});
