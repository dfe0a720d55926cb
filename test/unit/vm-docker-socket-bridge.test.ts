import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bridgeDockerSocket } from '../../main/core/vm/docker-socket-bridge';

/** An upstream that answers once its peer has finished sending, like dockerd streaming a container's output. */
function answerAfterEnd(reply: string): Duplex {
  let received = '';
  const upstream = new Duplex({
    allowHalfOpen: true,
    read() {},
    write(chunk, _encoding, done) {
      received += chunk;
      done();
    },
    final(done) {
      setTimeout(() => {
        upstream.push(`${reply} to ${received}`);
        upstream.push(null);
      }, 50);
      done();
    },
  });
  return upstream;
}

describe('docker socket bridge', () => {
  it('carries output back after the client has closed its sending side', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bridge-'));
    const bridge = await bridgeDockerSocket(path.join(dir, 'docker.sock'), async () => answerAfterEnd('output'));
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const client = net.connect({ path: bridge.socketPath, allowHalfOpen: true });
        let got = '';
        client.on('data', (chunk) => (got += chunk));
        client.on('end', () => resolve(got));
        client.on('error', reject);
        client.end('request');
      });
      expect(text).toBe('output to request');
    } finally {
      await bridge.close();
    }
  });
});
