/**
 * The live table of forwards: one entry per rule, each with its listeners,
 * its state (forwarding / conflict / failed / stopping), a message when it is
 * not forwarding, and counters. Every change is reported through `onChange`.
 *
 * A forward whose port is taken stays in the table as a conflict (never a
 * silent "Running" container nobody can reach) and is tried again every few
 * seconds, so it starts forwarding once the other program lets go.
 */
import type { ForwardState, PortForward } from '../../../preload/contract';
import type { GuestDialer } from './dialer';
import { findPortOwner } from './port-owner';
import type { ForwardRule } from './rules';
import { TcpForward, type ForwardCounters } from './tcp-forward';
import { UdpForward } from './udp-forward';

export const CONFLICT_RETRY_MS = 5_000;

interface Entry {
  rule: ForwardRule;
  forward: TcpForward | UdpForward | null;
  state: ForwardState;
  message: string | null;
  /** Addresses actually listened on (an IPv6 one may not exist on this host). */
  bound: string[];
  /** Not yet bound for the first time: not shown. */
  pending: boolean;
}

export class ForwardTable {
  private readonly entries = new Map<string, Entry>();
  private readonly retryTimer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly dialer: GuestDialer,
    private readonly onChange: () => void,
  ) {
    this.retryTimer = setInterval(() => void this.retryConflicts(), CONFLICT_RETRY_MS);
    this.retryTimer.unref();
  }

  /** Makes one container's forwards exactly `rules` (none: the container stopped). */
  async setContainer(containerId: string, rules: ForwardRule[]): Promise<void> {
    const wanted = new Map(rules.map((rule) => [rule.key, rule]));
    const stale = [...this.entries.values()].filter((e) => e.rule.containerId === containerId && !wanted.has(e.rule.key));
    await Promise.all(stale.map((entry) => this.remove(entry)));
    await Promise.all(rules.filter((rule) => !this.entries.has(rule.key)).map((rule) => this.add(rule)));
  }

  /** Makes the whole table match `rules` (a reconcile). */
  async setAll(rules: ForwardRule[]): Promise<void> {
    const containers = new Set([...rules.map((r) => r.containerId), ...[...this.entries.values()].map((e) => e.rule.containerId)]);
    await Promise.all([...containers].map((id) => this.setContainer(id, rules.filter((r) => r.containerId === id))));
  }

  snapshot(): PortForward[] {
    return [...this.entries.values()]
      .filter((entry) => !entry.pending)
      .map((entry) => toDto(entry, entry.forward?.counters() ?? ZERO))
      .sort((a, b) => a.hostPort - b.hostPort || a.protocol.localeCompare(b.protocol));
  }

  /** Closes every listener; the ports are free for other programs when this resolves. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.retryTimer);
    await Promise.all([...this.entries.values()].map((entry) => this.remove(entry)));
  }

  private async add(rule: ForwardRule): Promise<void> {
    if (this.closed) return;
    const entry: Entry = { rule, forward: null, state: 'failed', message: null, bound: [], pending: true };
    this.entries.set(rule.key, entry);
    await this.bind(entry);
  }

  private async bind(entry: Entry): Promise<void> {
    const { rule } = entry;
    const before = `${entry.pending}/${entry.state}/${entry.message}`;
    const target = { protocol: rule.protocol, family: rule.targetFamily, port: rule.hostPort };
    const forward = rule.protocol === 'tcp' ? new TcpForward(rule.hostPort, target, this.dialer) : new UdpForward(rule.hostPort, target, this.dialer);
    const bound: string[] = [];
    let problem: { kind: 'conflict' | 'failed'; message: string } | null = null;
    for (const address of rule.listen) {
      const outcome = await forward.bind(address);
      if (outcome.ok) bound.push(address);
      else if (outcome.kind !== 'unavailable') problem ??= { kind: outcome.kind, message: outcome.message };
    }
    if (!problem && bound.length === 0) problem = { kind: 'failed', message: `none of ${rule.listen.join(', ')} exists on this host` };
    if (problem) {
      // Half a forward would answer on one address and not another: all or nothing.
      await forward.close();
      if (this.entries.get(rule.key) !== entry) return;
      const owner = problem.kind === 'conflict' ? await findPortOwner(rule.hostPort, rule.protocol).catch(() => null) : null;
      entry.state = problem.kind;
      entry.message = owner ? `${problem.message} (by ${owner.command}, pid ${owner.pid})` : problem.message;
      entry.forward = null;
      entry.bound = [];
    } else if (this.entries.get(rule.key) !== entry || this.closed) {
      await forward.close();
      return;
    } else {
      entry.state = 'forwarding';
      entry.message = null;
      entry.forward = forward;
      entry.bound = bound;
    }
    entry.pending = false;
    if (`${entry.pending}/${entry.state}/${entry.message}` !== before) this.onChange();
  }

  private async remove(entry: Entry): Promise<void> {
    if (this.entries.get(entry.rule.key) !== entry) return;
    entry.state = 'stopping';
    const forward = entry.forward;
    entry.forward = null;
    this.entries.delete(entry.rule.key);
    await forward?.close();
    this.onChange();
  }

  private async retryConflicts(): Promise<void> {
    const waiting = [...this.entries.values()].filter((e) => e.state === 'conflict');
    for (const entry of waiting) {
      if (this.entries.get(entry.rule.key) === entry && entry.state === 'conflict') await this.bind(entry);
    }
  }
}

const ZERO: ForwardCounters = { connections: 0, activeConnections: 0, bytesIn: 0, bytesOut: 0 };

function toDto(entry: Entry, counters: ForwardCounters): PortForward {
  const { rule } = entry;
  return {
    id: rule.key,
    containerId: rule.containerId,
    containerName: rule.containerName,
    protocol: rule.protocol,
    hostPort: rule.hostPort,
    containerPort: rule.containerPort,
    publishedIp: rule.publishedIp,
    addresses: entry.bound.length > 0 ? entry.bound : rule.listen,
    state: entry.state,
    message: entry.message,
    ...counters,
  };
}
