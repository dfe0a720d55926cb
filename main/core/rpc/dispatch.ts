/**
 * The one place a call from any transport becomes a handler call: it checks
 * the method name, validates the input with the contract's schema, and turns
 * any failure into a wire error.
 */
import {
  BerthError,
  isMethodName,
  methodInputs,
  toWireError,
  type MethodName,
  type MethodOutput,
  type MethodParams,
  type Reply,
} from '../../../preload/contract';
import type { Session } from './session';

export type Handlers = {
  [M in MethodName]: (params: MethodParams<M>, session: Session) => Promise<MethodOutput<M>>;
};

export type Dispatch = (method: unknown, input: unknown, session: Session) => Promise<Reply>;

export function createDispatch(handlers: Handlers): Dispatch {
  return async (method, input, session) => {
    try {
      if (!isMethodName(method)) {
        throw new BerthError('invalid-input', `unknown method ${JSON.stringify(method)}`);
      }
      const params = parseInput(method, input);
      const handler = handlers[method] as (p: unknown, s: Session) => Promise<unknown>;
      const value = await handler(params, session);
      return { ok: true, value: value ?? null };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  };
}

export function parseInput<M extends MethodName>(method: M, input: unknown): MethodParams<M> {
  const result = methodInputs[method].safeParse(input ?? {});
  if (result.success) return result.data as MethodParams<M>;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  throw new BerthError('invalid-input', `${method}: ${problems.join('; ')}`, { issues: problems });
}
