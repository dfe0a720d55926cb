import { appendFile, mkdtemp, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { kernelPanicLine, READY_LINE, rotateSerialLog, waitForSerialLine } from '../../main/core/vm/serial-log';

let dir: string;
let log: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-serial-'));
  log = path.join(dir, 'serial.log');
});

describe('kernelPanicLine', () => {
  it('finds the panic at the end of a long console log, and nothing in a healthy one or a missing one', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'berth-panic-')), 'serial.log');
    expect(await kernelPanicLine(file)).toBeNull();
    await writeFile(file, `${'BERTH-READY docker=26.1.5\n'.repeat(2_000)}`);
    expect(await kernelPanicLine(file)).toBeNull();
    await appendFile(file, '[    7.497637] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI\r\n[    7.500006] Kernel panic - not syncing: Fatal exception in interrupt\r\n');
    expect(await kernelPanicLine(file)).toBe('Kernel panic - not syncing: Fatal exception in interrupt');
  });
});

describe('rotateSerialLog', () => {
  it('shifts serial.log → .1 → .2 → .3 and drops the oldest', async () => {
    for (let run = 1; run <= 5; run++) {
      await rotateSerialLog(log);
      await writeFile(log, `run ${run}\n`);
    }
    await rotateSerialLog(log);
    expect((await readdir(dir)).sort()).toEqual(['serial.log.1', 'serial.log.2', 'serial.log.3']);
    expect(await readFile(`${log}.1`, 'utf8')).toBe('run 5\n');
    expect(await readFile(`${log}.3`, 'utf8')).toBe('run 3\n');
  });

  it('does nothing when there is no log yet', async () => {
    await rotateSerialLog(log);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps only the end of an oversized log, from a whole line, saying what was dropped', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${String(i).padStart(4, '0')}`);
    await writeFile(log, `${lines.join('\n')}\n`); // 10 bytes per line
    await rotateSerialLog(log, { maxBytes: 105 });
    const kept = (await readFile(`${log}.1`, 'utf8')).split('\n');
    expect(kept[0]).toBe('[berth: the first 9900 bytes of this log were dropped]');
    expect(kept.slice(1, -1)).toEqual(lines.slice(-10));
    expect((await stat(`${log}.1`)).size).toBeLessThan(105 + kept[0]!.length + 1);
  });

  it('honours a different number of logs to keep', async () => {
    for (let run = 1; run <= 3; run++) {
      await writeFile(log, `run ${run}\n`);
      await rotateSerialLog(log, { keep: 1 });
    }
    expect(await readdir(dir)).toEqual(['serial.log.1']);
    expect(await readFile(`${log}.1`, 'utf8')).toBe('run 3\n');
  });
});

describe('waitForSerialLine', () => {
  const soon = (ms: number, action: () => Promise<void>) => setTimeout(() => void action(), ms);

  it('waits for the file to appear and resolves with the ready line written in pieces', async () => {
    soon(150, () => writeFile(log, '[    0.000000] Linux version 6.1\r\n[    1.2] berth-init: mounting\r\nBERTH-REA'));
    soon(350, () => appendFile(log, 'DY docker=27.3.1\r\nafter\r\n'));
    const line = await waitForSerialLine(log, READY_LINE, { timeoutMs: 3_000, pollMs: 20 });
    expect(line).toBe('BERTH-READY docker=27.3.1');
    expect(READY_LINE.exec(line)?.[1]).toBe('27.3.1');
  });

  it('rejects at once on BERTH-FAILED, with the reason and the last lines of the log', async () => {
    await writeFile(log, 'mounting /dev/vdb\nmkfs failed: no space\nBERTH-FAILED data disk could not be mounted\n');
    const started = Date.now();
    const error = await waitForSerialLine(log, READY_LINE, { timeoutMs: 5_000, pollMs: 20 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ code: 'engine-unavailable', message: expect.stringContaining('The VM failed to start: data disk could not be mounted') });
    expect((error as Error).message).toContain('mkfs failed: no space');
  });

  it('on timeout, quotes the last lines (including an unfinished one) so the user sees where boot stopped', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `boot step ${i}`);
    await writeFile(log, `${lines.join('\n')}\nwaiting for dockerd`);
    const error = await waitForSerialLine(log, READY_LINE, { timeoutMs: 200, pollMs: 20, tailLines: 5 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toContain('did not report ready within 0.2 s');
    expect((error as Error).message.split('\n').slice(1)).toEqual(['boot step 26', 'boot step 27', 'boot step 28', 'boot step 29', 'waiting for dockerd']);
  });

  it('says the log is empty when the guest printed nothing', async () => {
    await expect(waitForSerialLine(log, READY_LINE, { timeoutMs: 100, pollMs: 20 })).rejects.toThrow('(the log is empty)');
  });

  it('stops when aborted, with the abort reason', async () => {
    const abort = new AbortController();
    soon(100, async () => abort.abort(new Error('QEMU exited with code 1')));
    const started = Date.now();
    await expect(waitForSerialLine(log, READY_LINE, { timeoutMs: 10_000, pollMs: 1_000, signal: abort.signal })).rejects.toThrow('QEMU exited with code 1');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('starts over when the file is truncated', async () => {
    await writeFile(log, 'x'.repeat(500) + '\n');
    soon(150, () => writeFile(log, 'BERTH-READY docker=1\n'));
    await expect(waitForSerialLine(log, READY_LINE, { timeoutMs: 2_000, pollMs: 20 })).resolves.toBe('BERTH-READY docker=1');
  });

  it('starts over when the file is replaced by a new, longer one', async () => {
    await writeFile(log, `${'old boot line\n'.repeat(3)}`);
    soon(150, async () => {
      // Longer than the old file, with the line to find inside the old file's length.
      await rename(log, `${log}.1`);
      await writeFile(log, `BERTH-READY docker=2\n${'new boot line\n'.repeat(5)}`);
    });
    await expect(waitForSerialLine(log, READY_LINE, { timeoutMs: 2_000, pollMs: 20 })).resolves.toBe('BERTH-READY docker=2');
  });
});
