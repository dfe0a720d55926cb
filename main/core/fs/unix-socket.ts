/**
 * Unix sockets Berth serves (the control socket, the bridged Docker socket):
 * a private folder that must be ours, stale sockets from a killed run removed,
 * a live one refused, and the socket itself at mode 0600.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BerthError } from '../../../preload/contract';

/**
 * A unix socket path must fit sun_path: 104 bytes on macOS, 108 on Linux, with
 * the NUL. A longer one is cut short at bind, so the socket lands elsewhere and
 * only a later step fails, obscurely (chmod: ENOENT). The VM instance's
 * sockets (vm/instance-files.ts) are checked against it too.
 */
export const MAX_SOCKET_PATH_BYTES = 100;

/** Refuses a socket path too long to bind, naming it and what to shorten. */
export function checkSocketPathLength(socketPath: string): void {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes >= MAX_SOCKET_PATH_BYTES) {
    throw new BerthError(
      'invalid-input',
      `The socket path ${socketPath} is ${bytes} bytes; unix sockets need less than ${MAX_SOCKET_PATH_BYTES}. ` +
        'Use a shorter BERTH_HOME (or XDG_RUNTIME_DIR, where Berth keeps its sockets without BERTH_HOME).',
    );
  }
}

/**
 * A socket is only as private as its folder: it must be ours and 0700, or
 * another local user could have made it (e.g. /tmp/berth-1000) first.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  let stat;
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    stat = await fs.stat(dir);
  } catch (error) {
    throw new BerthError(
      'conflict',
      `Cannot use ${dir} for Berth's sockets (${(error as NodeJS.ErrnoException).code}); make it a writable folder of yours, or set BERTH_HOME elsewhere.`,
    );
  }
  if (!stat.isDirectory()) {
    throw new BerthError('conflict', `${dir} is not a folder; move it away, or set BERTH_HOME elsewhere.`);
  }
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new BerthError('conflict', `${dir} belongs to another user; remove it or set BERTH_HOME to a folder of yours.`);
  }
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

/** Removes a socket left by a killed run; refuses when something still answers on it. */
export async function removeStaleSocket(socketPath: string, whatAnswers: string): Promise<void> {
  let stat;
  try {
    stat = await fs.lstat(socketPath);
  } catch {
    return;
  }
  if (!stat.isSocket()) {
    throw new BerthError('conflict', `${socketPath} exists and is not a socket; move it away and try again.`);
  }
  if (await socketAnswers(socketPath)) {
    throw new BerthError('conflict', `${whatAnswers} (${socketPath} answers).`);
  }
  await fs.rm(socketPath, { force: true });
}

export function socketAnswers(socketPath: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Listens on a private unix socket (mode 0600); the server is handed back listening. */
export async function listenPrivate(server: net.Server, socketPath: string, whatAnswers: string): Promise<void> {
  checkSocketPathLength(socketPath);
  await ensurePrivateDir(path.dirname(socketPath));
  await removeStaleSocket(socketPath, whatAnswers);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await fs.chmod(socketPath, 0o600);
}
