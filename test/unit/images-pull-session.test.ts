import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { StreamEvents } from '../../preload/contract';
import { cancelPull, startPull } from '../../main/core/docker/image-pull';
import { Session } from '../../main/core/rpc/session';

type Sent = { [E in keyof StreamEvents]: [E, StreamEvents[E]] }[keyof StreamEvents];

/** A dockerode whose pull answers with `stream` (or fails with `refusal`), and remembers its abort signal. */
function fakeDocker(answer: { stream?: PassThrough; refusal?: unknown }) {
  const seen: { reference?: string; signal?: AbortSignal } = {};
  const docker = {
    pull(reference: string, opts: { abortSignal: AbortSignal }) {
      seen.reference = reference;
      seen.signal = opts.abortSignal;
      if (answer.refusal) return Promise.reject(answer.refusal);
      opts.abortSignal.addEventListener('abort', () => answer.stream!.destroy());
      return Promise.resolve(answer.stream);
    },
  } as unknown as Dockerode;
  return { docker, seen };
}

function session() {
  const sent: Sent[] = [];
  const s = new Session('s1', (event, payload) => sent.push([event, payload] as Sent));
  return { session: s, sent };
}

const ended = (sent: Sent[]) => sent.filter(([e]) => e === 'images:pull-ended').map(([, p]) => p);
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('a pull subscription', () => {
  it('streams progress to its session, then ends once', async () => {
    const stream = new PassThrough();
    const { docker, seen } = fakeDocker({ stream });
    const { session: s, sent } = session();
    const { subscriptionId } = startPull(docker, 'nginx:1.27', s);
    expect(sent).toEqual([]); // nothing before the caller has its id
    await settle();
    expect(seen.reference).toBe('nginx:1.27');
    const recorded = readFileSync(path.join(__dirname, '../fixtures/pull-progress/three-layers.jsonl'), 'utf8');
    // Split mid-line, as a socket would.
    stream.write(recorded.slice(0, 301));
    stream.end(recorded.slice(301));
    await settle();
    const progress = sent.filter(([e]) => e === 'images:pull-progress-received').map(([, p]) => p as StreamEvents['images:pull-progress-received']);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.progress).toMatchObject({ reference: 'nginx:1.27', fraction: 1 });
    expect(progress.at(-1)!.progress.layers).toHaveLength(3);
    expect(ended(sent)).toEqual([{ subscriptionId, error: null, cancelled: false }]);
    // Finished pulls are no longer the session's to cancel.
    await expect(cancelPull(subscriptionId, s)).rejects.toThrow(/No such pull/);
  });

  it("ends with the engine's refusal, verbatim", async () => {
    const said = 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host';
    const { docker } = fakeDocker({ refusal: Object.assign(new Error(`(HTTP code 500) server error - ${said} `), { statusCode: 500, json: null }) });
    const { session: s, sent } = session();
    const { subscriptionId } = startPull(docker, 'busybox:1.36', s);
    await settle();
    expect(ended(sent)).toEqual([{ subscriptionId, error: said, cancelled: false }]);
  });

  it('ends with an error line from the stream', async () => {
    const stream = new PassThrough();
    const { docker } = fakeDocker({ stream });
    const { session: s, sent } = session();
    const { subscriptionId } = startPull(docker, 'redis:7', s);
    await settle();
    stream.end(readFileSync(path.join(__dirname, '../fixtures/pull-progress/registry-unreachable.jsonl')));
    await settle();
    expect(ended(sent)).toEqual([
      { subscriptionId, error: expect.stringContaining('server misbehaving'), cancelled: false },
    ]);
  });

  it('aborts the request to the engine when cancelled, and says so once', async () => {
    const stream = new PassThrough();
    const { docker, seen } = fakeDocker({ stream });
    const { session: s, sent } = session();
    const { subscriptionId } = startPull(docker, 'nginx:1.27', s);
    await settle();
    stream.write('{"status":"Pulling fs layer","progressDetail":{},"id":"abc"}\n');
    await cancelPull(subscriptionId, s);
    expect(seen.signal!.aborted).toBe(true);
    stream.write('{"status":"Downloading","progressDetail":{"current":1,"total":2},"id":"abc"}\n');
    await settle();
    expect(ended(sent)).toEqual([{ subscriptionId, error: null, cancelled: true }]);
    expect(sent.at(-1)![0]).toBe('images:pull-ended');
  });

  it('is cancelled when its session closes, before the engine has even answered', async () => {
    let signal: AbortSignal | undefined;
    const docker = {
      pull: (_ref: string, opts: { abortSignal: AbortSignal }) => {
        signal = opts.abortSignal;
        return new Promise(() => undefined); // the engine never answers
      },
    } as unknown as Dockerode;
    const { session: s } = session();
    startPull(docker, 'nginx:1.27', s);
    await settle();
    await s.close();
    expect(signal!.aborted).toBe(true);
  });

  it('refuses to cancel what is not a pull of this session', async () => {
    const { session: s } = session();
    s.own('logs:abc', () => undefined);
    await expect(cancelPull('abc', s)).rejects.toMatchObject({ code: 'not-found' });
  });
});
