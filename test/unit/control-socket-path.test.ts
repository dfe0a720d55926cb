import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Berth } from '../../main/core/berth';
import { resolvePaths } from '../../main/core/paths';
import { startControlServer } from '../../main/core/rpc/control-server';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-sock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Only the paths are read before the server listens. */
const berthAt = (home: string) =>
  ({ paths: resolvePaths({ platform: 'linux', env: { BERTH_HOME: home }, home: '/home/dev', uid: 1000, tmpdir: '/tmp' }) }) as unknown as Berth;

describe.skipIf(process.platform === 'win32')('control socket path', () => {
  it('refuses a BERTH_HOME whose control socket path is too long to bind, naming the path, its length and the fix', async () => {
    const home = path.join(dir, 'h'.repeat(113 - dir.length - 1));
    expect(home).toHaveLength(113);
    const socketPath = path.join(home, 'run', 'berth.sock');
    await expect(startControlServer(berthAt(home))).rejects.toMatchObject({
      code: 'invalid-input',
      message: `The socket path ${socketPath} is 128 bytes; unix sockets need less than 100. Use a shorter BERTH_HOME (or XDG_RUNTIME_DIR, where Berth keeps its sockets without BERTH_HOME).`,
    });
    // Refused before anything is made on disk.
    await expect(access(home)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('serves on a path that fits', async () => {
    const server = await startControlServer(berthAt(path.join(dir, 'home')));
    try {
      expect(server.path).toBe(path.join(dir, 'home', 'run', 'berth.sock'));
    } finally {
      await server.close();
    }
  });
});
