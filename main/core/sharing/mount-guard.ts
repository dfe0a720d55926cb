/**
 * "Mounts denied": a container bind mount of a host path outside every share
 * would silently show the VM's own (usually missing, hence empty) folder.
 * This guard sits on the client → VM direction of the Docker socket bridge,
 * reads the HTTP requests, and answers a POST /containers/create whose
 * HostConfig.Binds or HostConfig.Mounts bind such a path with Docker's own
 * error shape (400, {"message"}), so `docker run` prints it. Everything else
 * is passed on untouched; once a connection is upgraded (attach, exec) or
 * sends a chunked body, the rest of it is passed on without being read.
 */
import { Transform, type TransformCallback } from 'node:stream';
import path from 'node:path';

/** Paths in the VM that are meant to be bound: the VM's own Docker socket. */
const GUEST_PATHS = ['/var/run/docker.sock', '/run/docker.sock'];
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHECKED_BODY_BYTES = 8 * 1024 * 1024;
const CREATE_PATH = /^(\/v[\d.]+)?\/containers\/create(\?|$)/;

/** The first bind source of a create request that no share holds, if any. */
export function deniedBindSource(body: unknown, shared: readonly string[]): string | null {
  const hostConfig = (body as { HostConfig?: { Binds?: unknown; Mounts?: unknown } } | null)?.HostConfig;
  const sources: string[] = [];
  if (Array.isArray(hostConfig?.Binds)) {
    for (const bind of hostConfig.Binds) {
      // "src:dst[:opts]"; a src that is not a path is a named volume.
      if (typeof bind === 'string' && bind.startsWith('/')) sources.push(bind.split(':')[0]!);
    }
  }
  if (Array.isArray(hostConfig?.Mounts)) {
    for (const mount of hostConfig.Mounts as { Type?: unknown; Source?: unknown }[]) {
      if (mount?.Type === 'bind' && typeof mount.Source === 'string') sources.push(mount.Source);
    }
  }
  for (const source of sources) {
    const clean = path.posix.normalize(source);
    const ok = GUEST_PATHS.includes(clean) || shared.some((root) => clean === root || clean.startsWith(`${root}/`));
    if (!ok) return clean;
  }
  return null;
}

export function mountsDeniedMessage(source: string): string {
  return (
    `Mounts denied: the path ${source} is not shared from the host and is not known to Berth's VM. ` +
    `Share it (or a folder above it) in Settings > File sharing, or with \`berth settings set shares '[{"hostPath":"${source}","writable":true}]'\` ` +
    '(keep your other shares in the list), then restart the VM (`berth restart`).'
  );
}

type Mode = { kind: 'head' } | { kind: 'hold'; head: Buffer; length: number } | { kind: 'pass'; remaining: number } | { kind: 'raw' };

export class MountGuard extends Transform {
  private mode: Mode = { kind: 'head' };
  private buffered = Buffer.alloc(0);

  /** `shared`: the host folders mounted in the VM; `answer` writes a response straight back to the client. */
  constructor(
    private readonly shared: readonly string[],
    private readonly answer: (response: Buffer) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.mode.kind === 'raw') return done(null, chunk);
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.drain();
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.buffered.length > 0) this.push(this.mode.kind === 'hold' ? Buffer.concat([this.mode.head, this.buffered]) : this.buffered);
    done();
  }

  private drain(): void {
    for (;;) {
      const mode = this.mode;
      if (mode.kind === 'raw') {
        if (this.buffered.length > 0) this.push(this.buffered);
        this.buffered = Buffer.alloc(0);
        return;
      }
      if (mode.kind === 'pass') {
        const take = Math.min(mode.remaining, this.buffered.length);
        if (take > 0) this.push(this.buffered.subarray(0, take));
        this.buffered = this.buffered.subarray(take);
        mode.remaining -= take;
        if (mode.remaining > 0) return;
        this.mode = { kind: 'head' };
        continue;
      }
      if (mode.kind === 'hold') {
        if (this.buffered.length < mode.length) return;
        const body = this.buffered.subarray(0, mode.length);
        this.buffered = this.buffered.subarray(mode.length);
        this.mode = { kind: 'head' };
        const denied = this.check(body);
        if (denied) this.answer(deniedResponse(denied));
        else this.push(Buffer.concat([mode.head, body]));
        continue;
      }
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buffered.length > MAX_HEAD_BYTES) this.mode = { kind: 'raw' };
        else return;
        continue;
      }
      const head = this.buffered.subarray(0, end + 4);
      this.buffered = this.buffered.subarray(end + 4);
      this.mode = this.nextMode(head);
      if (this.mode.kind !== 'hold') this.push(head);
    }
  }

  private nextMode(head: Buffer): Mode {
    const [requestLine = '', ...headerLines] = head.toString('latin1').split('\r\n');
    const headers = new Map(
      headerLines.filter(Boolean).map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const [method, target = ''] = requestLine.split(' ');
    if (headers.has('upgrade') || /chunked/i.test(headers.get('transfer-encoding') ?? '')) return { kind: 'raw' };
    const length = Number(headers.get('content-length') ?? 0);
    if (!Number.isSafeInteger(length) || length < 0) return { kind: 'raw' };
    if (method === 'POST' && CREATE_PATH.test(target) && length <= MAX_CHECKED_BODY_BYTES) return { kind: 'hold', head, length };
    return length > 0 ? { kind: 'pass', remaining: length } : { kind: 'head' };
  }

  private check(body: Buffer): string | null {
    try {
      return deniedBindSource(JSON.parse(body.toString('utf8')), this.shared);
    } catch {
      return null; // not JSON: the daemon says what is wrong with it
    }
  }
}

function deniedResponse(source: string): Buffer {
  const body = JSON.stringify({ message: mountsDeniedMessage(source) });
  return Buffer.from(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
