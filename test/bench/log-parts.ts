// The log pipeline's parts in Node alone, on made-up engine bytes (500,000
// numbered lines of about 80 characters with timestamps, as dockerd frames
// them): CPU time per part, best of several rounds, as lines per second.
//   main      engine bytes → lines (demux, UTF-8, split, timestamps)
//   wire      lines → batches → the JSON the web host sends (packed form)
//   renderer  JSON → lines → view lines → the bounded ring
// Run by log-parts.mjs.
import { LogBatcher, DEFAULT_BATCH_LIMITS } from '../../main/core/docker/log-batcher';
import { createLogDecoder } from '../../main/core/docker/log-lines';
import { packLogLines, unpackLogLines, type LogLine } from '../../preload/contract';
import { LineBuffer } from '../../renderer/src/logs/line-buffer';
import { LOG_CAPACITY, toViewLine, type ViewLine } from '../../renderer/src/logs/log-session';

const LINES = 500_000;
const ROUNDS = 7;
const CHUNK = 64 * 1024;

function engineBytes(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < LINES; i++) {
    const payload = Buffer.from(`2024-05-01T12:00:00.${String(i).padStart(9, '0')}Z line ${i} the quick brown fox jumps over the lazy dog 0123456789 abcdefghij\n`);
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(payload.length, 4);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const raw = engineBytes();
const best = { main: Infinity, wire: Infinity, renderer: Infinity };
let bytesPerLine = 0;
for (let round = 0; round < ROUNDS; round++) {
  let lines: LogLine[] = [];
  best.main = Math.min(best.main, cpuMs(() => {
    const decoder = createLogDecoder({ tty: false, timestamps: true });
    for (let at = 0; at < raw.length; at += CHUNK) for (const line of decoder.push(raw.subarray(at, at + CHUNK))) lines.push(line);
    lines.push(...decoder.end());
  }));
  if (lines.length !== LINES) throw new Error(`decoded ${lines.length} lines, not ${LINES}`);
  const messages: string[] = [];
  best.wire = Math.min(best.wire, cpuMs(() => {
    const batcher = new LogBatcher((batch) => {
      const payload = { subscriptionId: 'bench', lines: [], packed: packLogLines(batch)! };
      messages.push(JSON.stringify({ t: 'event', event: 'logs:lines-received', payload }));
    }, DEFAULT_BATCH_LIMITS);
    for (let at = 0; at < lines.length; at += 500) batcher.add(lines.slice(at, at + 500));
    batcher.flush();
  }));
  lines = [];
  bytesPerLine = messages.reduce((n, m) => n + m.length, 0) / LINES;
  const ring = new LineBuffer<ViewLine>(LOG_CAPACITY);
  best.renderer = Math.min(best.renderer, cpuMs(() => {
    for (const message of messages) {
      const { payload } = JSON.parse(message) as { payload: { packed: Parameters<typeof unpackLogLines>[0] } };
      for (const line of unpackLogLines(payload.packed)) ring.push(toViewLine(line, 0));
    }
  }));
  if (ring.totalPushed !== LINES) throw new Error(`the ring took ${ring.totalPushed} lines, not ${LINES}`);
}
const rate = (ms: number) => `${Math.round((LINES / ms) * 1000).toLocaleString('en')} lines/s`;
console.log(`log pipeline parts in Node (${LINES.toLocaleString('en')} lines, CPU time, best of ${ROUNDS})`);
console.log(`  main: engine bytes → lines          ${rate(best.main)}`);
console.log(`  wire: batches → JSON (packed)       ${rate(best.wire)} (${bytesPerLine.toFixed(0)} bytes a line)`);
console.log(`  renderer: JSON → ring of view lines ${rate(best.renderer)}`);
