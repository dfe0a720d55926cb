/**
 * Starts berth-portd, the guest end of the port forwarder, through the guest
 * channel. The per-boot secret goes to it on stdin (never on a command line,
 * where the guest's `ps` would show it); the SSH session stays open for the
 * agent's whole life, and the agent exits when it closes.
 */
import { randomBytes } from 'node:crypto';
import { BerthError } from '../../../preload/contract';
import { AGENT_GUEST_PORT, SECRET_BYTES } from '../ports/agent-protocol';
import type { GuestChannel } from './guest-channel';

const READY_LINE = 'BERTH-PORTD-READY';
// The guest may still be busy starting Docker (under TCG on a loaded host, many seconds).
const START_TIMEOUT_MS = 60_000;

export interface PortAgent {
  secret: Buffer;
  stop(): void;
}

export async function startPortAgent(channel: GuestChannel): Promise<PortAgent> {
  const secret = randomBytes(SECRET_BYTES);
  const session = await channel.spawn(`exec /usr/local/bin/berth-portd ${AGENT_GUEST_PORT}`);
  session.write(`${secret.toString('hex')}\n`);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`it did not report ready within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const fail = (why: string): void => {
      clearTimeout(timer);
      session.close();
      reject(new BerthError('engine-unavailable', `The port forwarder's agent in the VM did not start: ${why}`));
    };
    session.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    });
    session.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    session.once('close', () => fail(output.trim() || 'it exited'));
  });
  return { secret, stop: () => session.close() };
}
