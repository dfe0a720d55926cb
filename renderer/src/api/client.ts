/**
 * The one BerthApi the stores and pages use. The transport behind it is chosen
 * at start-up (see select.ts) and can be swapped by tests with setApi().
 * This file touches no DOM so stores stay testable under plain Node.
 */
import type { BerthApi } from '../../../preload/contract/client';
import { BerthError } from '../../../preload/contract/errors';

let current: BerthApi | null = null;

export function setApi(next: BerthApi | null): void {
  current = next;
}

function impl(): BerthApi {
  if (!current) throw new BerthError('internal', 'Berth UI started without a transport');
  return current;
}

export const api: BerthApi = {
  call: (method, input) => impl().call(method, input),
  on: (event, listener) => impl().on(event, listener),
};
