/**
 * A failure as the engine put it. toBerthError picks the contract's code;
 * where the user must see the engine's own sentence unchanged (a refused pull
 * or run), that sentence replaces the message.
 */
import { BerthError } from '../../../preload/contract';
import { toBerthError } from './errors';

export function inEngineWords(error: unknown, what: string): BerthError {
  const berth = toBerthError(error, what);
  if (berth.code === 'engine-unavailable') return berth;
  const said = engineSentence(error);
  return said === null ? berth : new BerthError(berth.code, said, berth.details);
}

/**
 * The body's `message`, or, when dockerode did not parse the body, its own
 * text without the "(HTTP code 500) server error - " it puts in front.
 */
export function engineSentence(error: unknown): string | null {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { json?: { message?: unknown } | null; message?: unknown; statusCode?: unknown };
  const json = e.json?.message;
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  if (typeof e.statusCode !== 'number' || typeof e.message !== 'string') return null;
  const text = e.message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
  return text === '' ? null : text;
}
