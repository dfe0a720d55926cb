/**
 * The method names alone, without their schemas: the sandboxed preload needs
 * only these, and importing methods.ts would bundle zod into it.
 * methods.ts must give each name a schema (checked by `satisfies` there).
 */
export const METHOD_NAMES = [
  'engine:get-status',
  'engine:get-info',
  'engine:start',
  'engine:stop',
  'engine:restart',
  'engine:pause',
  'engine:resume',
  'engine:watch-resources',
  'engine:unwatch-resources',
  'containers:list',
  'containers:inspect',
  'containers:start',
  'containers:stop',
  'containers:restart',
  'containers:pause',
  'containers:unpause',
  'containers:kill',
  'containers:remove',
  'logs:subscribe',
  'logs:unsubscribe',
  'ports:list',
  'shares:list',
  'images:list',
  'images:remove',
  'volumes:list',
  'volumes:create',
  'volumes:remove',
  'settings:get',
  'settings:update',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}
