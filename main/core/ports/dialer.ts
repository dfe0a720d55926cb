/**
 * How the forwarder reaches a published port: a GuestDialer opens one stream
 * per host connection (or per UDP flow). The VM's dialer speaks berth-portd's
 * protocol over QEMU's loopback forward; benchmarks and tests can point the
 * same protocol at an agent running on the host.
 */
import net from 'node:net';
import { BerthError } from '../../../preload/contract';
import { describeStatus, encodeHeader, type Family, type Protocol } from './agent-protocol';
import { DialLimit } from './dial-limit';

export interface DialTarget {
  protocol: Protocol;
  family: Family;
  port: number;
}

export interface GuestDialer {
  /**
   * A stream connected to the target (for UDP, carrying framed datagrams),
   * paused so no byte is lost before the caller pipes it; or a BerthError
   * that says why not.
   */
  open(target: DialTarget): Promise<net.Socket>;
}

const DIAL_TIMEOUT_MS = 10_000;
/** Dials in flight into the VM at once (see dial-limit.ts). */
const MAX_DIALS_IN_FLIGHT = 4;

export class AgentDialer implements GuestDialer {
  private readonly limit = new DialLimit(MAX_DIALS_IN_FLIGHT);

  constructor(
    private readonly agentPort: number,
    private readonly secret: Buffer,
    private readonly agentHost = '127.0.0.1',
  ) {}

  open(target: DialTarget): Promise<net.Socket> {
    return this.limit.run(() => this.dial(target));
  }

  private dial(target: DialTarget): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.agentHost, port: this.agentPort, noDelay: true, allowHalfOpen: true });
      const fail = (error: BerthError): void => {
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new BerthError('timeout', `the VM did not answer for ${target.protocol} port ${target.port} within ${DIAL_TIMEOUT_MS / 1000} s`)),
        DIAL_TIMEOUT_MS,
      );
      const onError = (error: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        fail(
          new BerthError(
            'engine-unavailable',
            error.code === 'ECONNREFUSED'
              ? "the port forwarder's agent in the VM is not answering; restart the engine"
              : error.code === 'ECONNRESET' || error.code === 'EPIPE'
                ? "the port forwarder's agent in the VM turned the connection away (its secret does not match: restart the engine)"
                : `reaching the VM's port forwarder failed: ${error.message}`,
          ),
        );
      };
      const onClose = (): void => onError(Object.assign(new Error('the agent closed the connection before answering'), { code: 'EPIPE' }));
      socket.once('error', onError);
      socket.once('close', onClose);
      socket.once('connect', () => socket.write(encodeHeader(this.secret, target.protocol, target.family, target.port)));
      socket.once('data', (chunk: Buffer) => {
        socket.pause();
        clearTimeout(timer);
        socket.off('error', onError);
        socket.off('close', onClose);
        const problem = describeStatus(chunk[0]!, target.protocol, target.port);
        if (problem) return fail(new BerthError('engine-unavailable', problem));
        if (chunk.length > 1) socket.unshift(chunk.subarray(1));
        resolve(socket);
      });
    });
  }
}
