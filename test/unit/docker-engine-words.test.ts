import { describe, expect, it } from 'vitest';
import { engineSentence, inEngineWords } from '../../main/core/docker/engine-words';

describe("the engine's own words", () => {
  it('takes the body message, else dockerode\'s text without its prefix', () => {
    expect(engineSentence({ statusCode: 404, json: { message: 'No such image: nope:1' } })).toBe('No such image: nope:1');
    const dial = 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host';
    expect(engineSentence({ statusCode: 500, json: null, message: `(HTTP code 500) server error - ${dial} ` })).toBe(dial);
    expect(engineSentence(new Error('socket hang up'))).toBeNull();
  });

  it('keeps the code toBerthError picks but none of its prefixes', () => {
    const refused = inEngineWords({ statusCode: 500, json: null, message: '(HTTP code 500) server error - pull access denied' }, 'pull x');
    expect([refused.code, refused.message]).toEqual(['internal', 'pull access denied']);
    const conflict = inEngineWords({ statusCode: 409, json: { message: 'Conflict. The container name "/web" is already in use' } }, 'create');
    expect([conflict.code, conflict.message]).toEqual(['conflict', 'Conflict. The container name "/web" is already in use']);
  });

  it('says the engine is unreachable rather than quoting a socket error', () => {
    const gone = inEngineWords(Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT', address: '/x.sock' }), 'pull x');
    expect(gone.code).toBe('engine-unavailable');
    expect(gone.message).toMatch(/Cannot reach the Docker engine/);
  });
});
