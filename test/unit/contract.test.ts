import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BerthError,
  EVENT_NAMES,
  METHOD_NAMES,
  fromWireError,
  methodInputs,
  toWireError,
  type EventPayloads,
  type MethodName,
  type MethodOutputs,
} from '../../preload/contract';
import { createHandlers } from '../../main/core/rpc/handlers';

describe('the method map', () => {
  it('gives every method with an input schema an output type, and no more (type level)', () => {
    expectTypeOf<keyof MethodOutputs>().toEqualTypeOf<MethodName>();
    expectTypeOf<MethodName>().toEqualTypeOf<keyof typeof methodInputs>();
  });

  it('names channels domain:verb and events domain:noun-changed or domain:stream-verb', () => {
    for (const name of METHOD_NAMES) expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    for (const name of EVENT_NAMES) expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    expectTypeOf<keyof EventPayloads>().toEqualTypeOf<(typeof EVENT_NAMES)[number]>();
  });

  it('has a handler for every method at run time', () => {
    const handlers = createHandlers({} as never);
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });
});

describe('errors on the wire', () => {
  it('round-trip code, message and details', () => {
    const back = fromWireError(toWireError(new BerthError('not-found', 'No such container: x', { id: 'x' })));
    expect(back).toBeInstanceOf(BerthError);
    expect([back.code, back.message, back.details]).toEqual(['not-found', 'No such container: x', { id: 'x' }]);
  });

  it('turn unknown failures and unknown codes into internal', () => {
    expect(toWireError(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(fromWireError({ code: 'weird' as never, message: 'm' }).code).toBe('internal');
  });
});
