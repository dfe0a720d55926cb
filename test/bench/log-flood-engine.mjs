// A stand-in for the Docker Engine in front of the real one, for the logs
// bench: every request goes through to the engine, except the logs of one
// container, which are answered with numbered lines made here as fast as the
// client reads them (multiplexed frames with timestamps, as dockerd sends).
// dockerd's own follow stream carries only some 20,000–50,000 lines/s on a
// shared 2-core machine, so this measures how much Berth itself can take.
/* global URL */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const TEXT = ' the quick brown fox jumps over the lazy dog 0123456789 abcdefghij\n';
const LINES_PER_CHUNK = 512;

/**
 * Starts the proxy on a fresh unix socket. Set `target` to the full id of a
 * real container (so inspecting it works) whose logs to flood; `generated()`
 * counts the lines sent.
 */
export async function startFloodEngine(upstreamHost) {
  const upstream = new URL(upstreamHost).pathname;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-flood-'));
  const socketPath = path.join(dir, 'docker.sock');
  let generated = 0;
  const server = http.createServer((req, res) => {
    const logsOf = /^(?:\/v[\d.]+)?\/containers\/([0-9a-f]{64})\/logs\?/.exec(req.url ?? '')?.[1];
    if (logsOf !== undefined && logsOf === engine.target) return flood(res);
    const out = http.request({ socketPath: upstream, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    res.on('close', () => out.destroy());
    req.pipe(out);
  });

  function flood(res) {
    res.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream' });
    let closed = false;
    res.on('close', () => (closed = true));
    const write = () => {
      while (!closed) {
        const chunk = makeChunk(generated);
        generated += LINES_PER_CHUNK;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
    };
    write();
  }

  await new Promise((resolve) => server.listen(socketPath, resolve));
  const engine = {
    /** The container whose logs are made up here. */
    target: null,
    dockerHost: `unix://${socketPath}`,
    generated: () => generated,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return engine;
}

// One timestamp per chunk, its nanoseconds stepped per line, keeps the lines in order and cheap to make.
function makeChunk(first) {
  const base = new Date().toISOString().slice(0, 19);
  const millis = String(Date.now() % 1000).padStart(3, '0');
  const parts = [];
  for (let i = 0; i < LINES_PER_CHUNK; i++) {
    const payload = Buffer.from(`${base}.${millis}${String(i).padStart(6, '0')}Z line ${first + i}${TEXT}`, 'latin1');
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(payload.length, 4);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}
