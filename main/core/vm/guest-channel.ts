/**
 * The guest channel: SSH into Berth's VM with the instance's own ed25519 key,
 * over QEMU's loopback-only port forward. It runs commands, opens shells and
 * carries the guest's Docker socket (OpenSSH streamlocal forwarding). The
 * guest's host key is pinned on first contact and checked ever after.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type PseudoTtyOptions } from 'ssh2';
import { BerthError } from '../../../preload/contract';

export interface GuestChannelOptions {
  port: number;
  privateKey: Buffer;
  /** Where the guest's host-key fingerprint is pinned. */
  knownHostFile: string;
  /** Give up connecting after this long (sshd may still be starting). */
  deadlineMs: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

const GUEST_DOCKER_SOCKET = '/var/run/docker.sock';

export class GuestChannel {
  private closed = false;
  private readonly closeListeners = new Set<(error: Error | null) => void>();

  private constructor(private readonly client: Client) {
    // Errors after the handshake end in 'close', which reports them below.
    client.on('error', () => undefined);
    client.on('close', () => {
      const wasClosed = this.closed;
      this.closed = true;
      for (const listener of this.closeListeners) listener(wasClosed ? null : new Error('the guest channel closed'));
    });
  }

  /** Connects, retrying until the deadline: the guest's sshd may not be listening yet. */
  static async connect(options: GuestChannelOptions): Promise<GuestChannel> {
    const pinned = await readPinned(options.knownHostFile);
    const deadline = Date.now() + options.deadlineMs;
    let lastError: Error = new Error('no attempt made');
    while (Date.now() < deadline) {
      if (options.signal?.aborted) throw new BerthError('internal', 'cancelled');
      try {
        return await GuestChannel.tryOnce(options, pinned);
      } catch (error) {
        if (error instanceof BerthError) throw error;
        lastError = error as Error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    throw new BerthError('timeout', `Could not open the guest channel on 127.0.0.1:${options.port}: ${lastError.message}`);
  }

  private static tryOnce(options: GuestChannelOptions, pinned: string | null): Promise<GuestChannel> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let seen: string | null = null;
      let hostKeyRefused = false;
      client.once('ready', () => {
        void (async () => {
          if (!pinned && seen) await fs.writeFile(options.knownHostFile, `${seen}\n`, { mode: 0o600 });
          resolve(new GuestChannel(client));
        })().catch(reject);
      });
      // ssh2 can report more than one error for one failed attempt (a refused
      // handshake, then the lost connection): every one must be handled.
      client.on('error', (error) => {
        client.end();
        reject(
          hostKeyRefused
            ? new BerthError(
                'conflict',
                `The VM's SSH host key changed (expected ${pinned}, got ${seen}). If you reset the VM, delete ${options.knownHostFile}.`,
              )
            : error,
        );
      });
      client.connect({
        host: '127.0.0.1',
        port: options.port,
        username: 'root',
        privateKey: options.privateKey,
        readyTimeout: 5_000,
        keepaliveInterval: 5_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          seen = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
          hostKeyRefused = pinned !== null && pinned !== seen;
          return !hostKeyRefused;
        },
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Called once when the channel closes; `error` is null when we closed it. */
  onClose(listener: (error: Error | null) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  exec(command: string, options: { timeoutMs?: number } = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, channel) => {
        if (error) return reject(error);
        let stdout = '';
        let stderr = '';
        const timer = options.timeoutMs
          ? setTimeout(() => {
              channel.close();
              reject(new BerthError('timeout', `\`${command}\` in the VM did not finish within ${options.timeoutMs} ms`));
            }, options.timeoutMs)
          : null;
        channel.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        channel.on('close', (code: number | null) => {
          if (timer) clearTimeout(timer);
          resolve({ code: code ?? -1, stdout, stderr });
        });
      });
    });
  }

  /** A long-running command whose stdin, stdout and stderr stay with the caller. */
  spawn(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel)));
    });
  }

  /** An interactive shell with a pseudo-terminal. */
  shell(pty: PseudoTtyOptions): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.shell(pty, (error, channel) => (error ? reject(error) : resolve(channel)));
    });
  }

  /** A new connection to the guest's Docker socket. */
  openDockerSocket(): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.openssh_forwardOutStreamLocal(GUEST_DOCKER_SOCKET, (error, stream) =>
        error ? reject(error) : resolve(stream),
      );
    });
  }

  close(): void {
    this.closed = true;
    this.client.end();
  }
}

async function readPinned(file: string): Promise<string | null> {
  try {
    return (await fs.readFile(file, 'utf8')).trim() || null;
  } catch {
    return null;
  }
}
