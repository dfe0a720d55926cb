import { describe, expect, it } from 'vitest';
import { BerthError } from '../../preload/contract';
import { createDispatch, type Handlers } from '../../main/core/rpc/dispatch';
import { Session } from '../../main/core/rpc/session';

const session = new Session('s1', () => undefined);

function dispatchWith(overrides: Partial<Handlers>) {
  return createDispatch(new Proxy(overrides, { get: (t, k) => (t as Record<string, unknown>)[k as string] ?? (async () => undefined) }) as Handlers);
}

describe('dispatch', () => {
  it('validates input before the handler runs and names the field', async () => {
    let called = false;
    const dispatch = dispatchWith({ 'containers:remove': async () => void (called = true) });
    const reply = await dispatch('containers:remove', { id: 'web', force: 'yes' }, session);
    expect(called).toBe(false);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!reply.ok && reply.error.message).toContain('force');
  });

  it('applies defaults from the schema', async () => {
    let seen: unknown;
    const dispatch = dispatchWith({ 'containers:remove': async (p) => void (seen = p) });
    await dispatch('containers:remove', { id: 'web' }, session);
    expect(seen).toEqual({ id: 'web', force: false, volumes: false });
  });

  it('refuses unknown methods and extra fields', async () => {
    const dispatch = dispatchWith({});
    expect(await dispatch('containers:explode', {}, session)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('containers:start', { id: 'a', extra: 1 }, session)).toMatchObject({ ok: false });
    expect(await dispatch('__proto__', {}, session)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('carries a handler error code across as data', async () => {
    const dispatch = dispatchWith({
      'containers:inspect': async () => {
        throw new BerthError('not-found', 'No such container: nope');
      },
    });
    expect(await dispatch('containers:inspect', { id: 'nope' }, session)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No such container: nope' },
    });
  });
});

describe('inputs that reach URLs or objects', () => {
  const dispatch = dispatchWith({});
  it.each(['nonexist/../../../info', 'x/../../../127.0.0.1:8999', 'a//b', './x'])('refuses image id %s', async (id) => {
    expect(await dispatch('images:remove', { id }, session)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('accepts real image references', async () => {
    for (const id of ['busybox', 'registry.example:5000/team/app:1.2', 'sha256:0123abcd', 'app@sha256:0123abcd']) {
      expect(await dispatch('images:remove', { id }, session)).toMatchObject({ ok: true });
    }
  });

  it('refuses __proto__ and other non-names as setting keys', async () => {
    const reply = await dispatch('settings:update', JSON.parse('{"patch":{"__proto__":{"cpus":1}}}'), session);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
