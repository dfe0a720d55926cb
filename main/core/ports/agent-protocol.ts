/**
 * The wire format of berth-portd, the guest end of the port forwarder
 * (assets/vm/agent/berth-portd.c): a 40-byte header per connection, a status
 * byte back, then the TCP stream itself or UDP datagrams framed as a u16
 * length and the payload.
 */
import { BerthError } from '../../../preload/contract';

export const AGENT_MAGIC = Buffer.from('BPD1', 'ascii');
export const SECRET_BYTES = 32;
export const HEADER_BYTES = AGENT_MAGIC.length + SECRET_BYTES + 4;
/** The agent's port inside the guest; QEMU forwards a host loopback port to it. */
export const AGENT_GUEST_PORT = 7722;
export const MAX_DATAGRAM_BYTES = 65535;

export type Protocol = 'tcp' | 'udp';
export type Family = 4 | 6;

export function encodeHeader(secret: Buffer, protocol: Protocol, family: Family, port: number): Buffer {
  if (secret.length !== SECRET_BYTES) throw new BerthError('internal', `the agent secret must be ${SECRET_BYTES} bytes`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new BerthError('invalid-input', `port ${port} is not 1–65535`);
  const header = Buffer.alloc(HEADER_BYTES);
  AGENT_MAGIC.copy(header, 0);
  secret.copy(header, AGENT_MAGIC.length);
  const at = AGENT_MAGIC.length + SECRET_BYTES;
  header[at] = protocol === 'tcp' ? 0x74 : 0x75; // 't' | 'u'
  header[at + 1] = family;
  header.writeUInt16BE(port, at + 2);
  return header;
}

/** The agent's status byte as a message: 0 is success, anything else a Linux errno. */
export function describeStatus(status: number, protocol: Protocol, port: number): string | null {
  if (status === 0) return null;
  const known: Record<number, string> = {
    111: `nothing answers on ${protocol} port ${port} in the VM (connection refused)`,
    110: `connecting to ${protocol} port ${port} in the VM timed out`,
    22: 'the agent refused the request as malformed',
    99: `the VM has no such address for ${protocol} port ${port}`,
  };
  return known[status] ?? `the VM could not connect to ${protocol} port ${port} (errno ${status})`;
}

/** Frames a datagram for the stream. */
export function frameDatagram(payload: Buffer): Buffer {
  if (payload.length > MAX_DATAGRAM_BYTES) throw new BerthError('invalid-input', `a datagram of ${payload.length} bytes is too large`);
  const frame = Buffer.allocUnsafe(payload.length + 2);
  frame.writeUInt16BE(payload.length, 0);
  payload.copy(frame, 2);
  return frame;
}

/** Splits a byte stream back into datagrams; chunks may end anywhere. */
export class DatagramDeframer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const datagrams: Buffer[] = [];
    let at = 0;
    while (this.pending.length - at >= 2) {
      const length = this.pending.readUInt16BE(at);
      if (this.pending.length - at - 2 < length) break;
      datagrams.push(this.pending.subarray(at + 2, at + 2 + length));
      at += 2 + length;
    }
    this.pending = this.pending.subarray(at);
    return datagrams;
  }
}
