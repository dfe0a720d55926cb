import { describe, expect, it } from 'vitest';
import { toReport } from '../../main/core/docker/disk-usage';

describe('disk usage from system df', () => {
  it('adds layers, container layers, measured volumes and unshared build cache', () => {
    const report = toReport({
      LayersSize: 1000,
      Containers: [{ SizeRw: 10 }, { SizeRw: 5 }, {}],
      Volumes: [
        { Name: 'data', UsageData: { Size: 300 } },
        { Name: 'unmeasured', UsageData: { Size: -1 } },
        { Name: 'bare', UsageData: null },
      ],
      BuildCache: [{ Size: 40 }, { Size: 60, Shared: true }],
    });
    expect(report.disk).toEqual({
      imagesBytes: 1000,
      containersBytes: 15,
      volumesBytes: 300,
      buildCacheBytes: 40,
      totalBytes: 1355,
    });
    expect([...report.volumeSizes]).toEqual([
      ['data', 300],
      ['unmeasured', null],
      ['bare', null],
    ]);
  });

  it('reads an engine that reports nothing as zero, not as NaN', () => {
    expect(toReport({ Containers: null, Volumes: null, BuildCache: null }).disk).toEqual({
      imagesBytes: 0,
      containersBytes: 0,
      volumesBytes: 0,
      buildCacheBytes: 0,
      totalBytes: 0,
    });
  });
});
