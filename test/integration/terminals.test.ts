/**
 * Terminals on the real engine, through the contract as a client calls it:
 * a container shell (exit code, size, no process left after close), an
 * attach, and a host shell whose `docker` reaches Berth's engine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BerthApi, TerminalEndedEvent } from '../../preload/contract';
import { createBerth, type Berth } from '../../main/core/berth';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { directClient } from '../../main/core/rpc/direct-client';
import { BUSYBOX_TAG } from '../fixtures/busybox-image';

const PREFIX = `berth-term-${Date.now().toString(36)}`;
const docker = new Dockerode(dockerOptionsFromHost(inject('dockerHost')));
let home: string;
let berth: Berth;
let client: ReturnType<typeof directClient>;
let shellBox: Dockerode.Container;

/** One terminal as a client sees it: all its output so far, and how it ended. */
class Term {
  output = '';
  ended: TerminalEndedEvent | null = null;
  private readonly offs: (() => void)[];

  constructor(
    private readonly api: BerthApi,
    readonly sessionId: string,
  ) {
    this.offs = [
      api.on('terminals:data-received', (e) => void (e.sessionId === sessionId && (this.output += e.data))),
      api.on('terminals:session-ended', (e) => void (e.sessionId === sessionId && (this.ended = e))),
    ];
  }

  static async open(api: BerthApi, input: Parameters<BerthApi['call']>[1] & object): Promise<Term> {
    // Listening starts before the call: output may follow the answer at once.
    const early: { id: string; data: string }[] = [];
    const off = api.on('terminals:data-received', (e) => void early.push({ id: e.sessionId, data: e.data }));
    try {
      const { sessionId } = await api.call('terminals:open', input as never);
      const term = new Term(api, sessionId);
      term.output = early.filter((e) => e.id === sessionId).map((e) => e.data).join('');
      return term;
    } finally {
      off();
    }
  }

  type(text: string): Promise<void> {
    return this.api.call('terminals:input', { sessionId: this.sessionId, data: text });
  }

  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`no ${pattern} in the terminal within ${timeoutMs} ms; it shows:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async waitForEnd(timeoutMs = 10_000): Promise<TerminalEndedEvent> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error(`the terminal did not end within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.ended;
  }

  dispose(): void {
    for (const off of this.offs) off();
  }
}

async function processesIn(container: Dockerode.Container): Promise<string[]> {
  const top = (await container.top({ ps_args: '-o pid,args' })) as { Titles: string[]; Processes: string[][] };
  const args = top.Titles.findIndex((title) => /CMD|COMMAND|ARGS/i.test(title));
  return top.Processes.map((row) => row[args] ?? row.join(' '));
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'berth-terminals-'));
  berth = await createBerth({ env: { ...process.env, BERTH_HOME: home }, autoStart: false, log: () => undefined });
  await berth.engine.start();
  client = directClient(berth);
  shellBox = await docker.createContainer({ name: `${PREFIX}-box`, Image: BUSYBOX_TAG, Cmd: ['sleep', '3600'] });
  await shellBox.start();
});

afterAll(async () => {
  await client?.close();
  await berth?.dispose();
  for (const container of await docker.listContainers({ all: true, filters: { name: [PREFIX] } })) {
    await docker.getContainer(container.Id).remove({ force: true });
  }
  if (home) await rm(home, { recursive: true, force: true });
});

describe('a container shell', () => {
  it('runs commands, takes its size from the client, and reports its exit code', async () => {
    const term = await Term.open(client, { kind: 'container', containerId: `${PREFIX}-box`, cols: 80, rows: 24 });
    await term.type('echo $((6*7))\r');
    await term.waitFor(/^42\r?$/m);
    await client.call('terminals:resize', { sessionId: term.sessionId, cols: 111, rows: 33 });
    await term.type('stty size\r');
    await term.waitFor(/^33 111\r?$/m);
    await term.type('exit 3\r');
    const ended = await term.waitForEnd();
    expect(ended.exitCode).toBe(3);
    expect(ended.reason).toMatch(/exited with code 3/);
    // Ended on its own: input now is refused with a clear error.
    await expect(term.type('echo hi\r')).rejects.toThrow(/No open terminal/);
    term.dispose();
  });

  it('leaves no process behind in the container once closed, even one still running', async () => {
    const term = await Term.open(client, { kind: 'container', containerId: `${PREFIX}-box`, cols: 80, rows: 24 });
    await term.type('sleep 4242 & sleep 4343\r');
    const during = await until(() => processesIn(shellBox), (list) => list.some((p) => p.includes('sleep 4343')));
    expect(during.filter((p) => /sleep 4[23]4[23]|\/bin\/sh/.test(p)).length).toBeGreaterThanOrEqual(3);
    await client.call('terminals:close', { sessionId: term.sessionId });
    // close resolves once the processes are gone: no waiting needed here.
    const after = await processesIn(shellBox);
    expect(after.filter((p) => /sleep 4[23]4[23]|\/bin\/sh/.test(p))).toEqual([]);
    expect(after.some((p) => p.includes('sleep 3600'))).toBe(true);
    expect(term.ended?.reason).toMatch(/closed/);
    term.dispose();
  });

  it('ends with the client that opened it (a closed window)', async () => {
    const other = directClient(berth);
    const term = await Term.open(other, { kind: 'container', containerId: `${PREFIX}-box`, cols: 80, rows: 24 });
    await term.type('sleep 4545\r');
    await until(() => processesIn(shellBox), (list) => list.some((p) => p.includes('sleep 4545')));
    await other.close();
    expect((await processesIn(shellBox)).filter((p) => p.includes('sleep 4545') || p.includes('/bin/sh'))).toEqual([]);
  });

  it('falls back to /bin/sh, saying so, when the chosen shell is not in the container', async () => {
    const term = await Term.open(client, { kind: 'container', containerId: `${PREFIX}-box`, shell: 'zsh', cols: 80, rows: 24 });
    await term.waitFor(/zsh is not in this container; starting \/bin\/sh/);
    await term.type('echo fallback-$((2+3))\r');
    await term.waitFor(/fallback-5/);
    await client.call('terminals:close', { sessionId: term.sessionId });
    term.dispose();
  });

  it('is refused, saying why, for a container that is not running', async () => {
    const stopped = await docker.createContainer({ name: `${PREFIX}-stopped`, Image: BUSYBOX_TAG, Cmd: ['true'] });
    await expect(client.call('terminals:open', { kind: 'container', containerId: stopped.id, cols: 80, rows: 24 })).rejects.toThrow(
      /is not running; start it/,
    );
    await expect(client.call('terminals:open', { kind: 'container', containerId: `${PREFIX}-nope`, cols: 80, rows: 24 })).rejects.toThrow(
      /no such container/i,
    );
  });

  it("is another client's to type into: a session id from elsewhere is not found", async () => {
    const other = directClient(berth);
    const term = await Term.open(client, { kind: 'container', containerId: `${PREFIX}-box`, cols: 80, rows: 24 });
    await expect(other.call('terminals:input', { sessionId: term.sessionId, data: 'exit\r' })).rejects.toThrow(/No open terminal/);
    await other.close();
    await client.call('terminals:close', { sessionId: term.sessionId });
    term.dispose();
  });
});

describe('an attach', () => {
  it("shows a TTY container's own shell, and closing it detaches without stopping the container", async () => {
    const box = await docker.createContainer({
      name: `${PREFIX}-tty`,
      Image: BUSYBOX_TAG,
      Cmd: ['sh'],
      Tty: true,
      OpenStdin: true,
    });
    await box.start();
    const term = await Term.open(client, { kind: 'attach', containerId: box.id, cols: 80, rows: 24 });
    await term.type('echo attached-$((1+1))\r');
    await term.waitFor(/attached-2/);
    await client.call('terminals:close', { sessionId: term.sessionId });
    expect((await box.inspect()).State.Running).toBe(true);
    term.dispose();
  });

  it('is refused for a container without a TTY', async () => {
    await expect(client.call('terminals:open', { kind: 'attach', containerId: `${PREFIX}-box`, cols: 80, rows: 24 })).rejects.toThrow(
      /not created with -t/,
    );
  });
});

describe('a host terminal', () => {
  it("has DOCKER_HOST set to the engine, so docker in it reaches Berth's engine; closing it ends the shell", async () => {
    const term = await Term.open(client, { kind: 'host', shell: '/bin/sh', cols: 100, rows: 30 });
    await term.type('echo "pid=$$ host=$DOCKER_HOST"; docker version --format "server={{.Server.Version}}"\r');
    const [, pid, dockerHost] = await term.waitFor(/pid=(\d+) host=(\S+)\r?\n/);
    expect(dockerHost).toBe(berth.engine.getStatus().dockerHost);
    await term.waitFor(/^server=\d+\.\d+/m, 20_000);
    process.kill(Number(pid), 0); // alive while open
    await client.call('terminals:close', { sessionId: term.sessionId });
    expect(() => process.kill(Number(pid), 0)).toThrow(/ESRCH/);
    term.dispose();
  });

  it('reports the exit code of a shell that exits', async () => {
    const term = await Term.open(client, { kind: 'host', shell: '/bin/sh', cols: 80, rows: 24 });
    await term.type('exit 7\r');
    expect((await term.waitForEnd()).exitCode).toBe(7);
    term.dispose();
  });
});

describe('a VM shell', () => {
  it('is refused on the native backend, naming what to do instead', async () => {
    expect(berth.engine.getStatus().backend).toBe('native');
    await expect(client.call('terminals:open', { kind: 'vm', cols: 80, rows: 24 })).rejects.toThrow(
      /needs Berth's own VM \(the qemu backend\).*host terminal/,
    );
  });
});

describe('terminals:open input', () => {
  it('needs a container for a container shell, and a sane size', async () => {
    await expect(client.call('terminals:open', { kind: 'container', cols: 80, rows: 24 })).rejects.toThrow(/containerId is required/);
    await expect(client.call('terminals:open', { kind: 'host', cols: 0, rows: 24 })).rejects.toThrow(/cols must be at least 1/);
    await expect(
      client.call('terminals:open', { kind: 'container', containerId: `${PREFIX}-box`, shell: 'bash -c rm', cols: 80, rows: 24 }),
    ).rejects.toThrow(/must be a shell/);
  });
});
