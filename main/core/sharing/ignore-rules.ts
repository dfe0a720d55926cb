/**
 * Which host changes are not worth telling the guest about: anything under a
 * folder or file whose name is in the ignore list (node_modules and .git by
 * default, as most watchers ignore them anyway). Names, not globs: simple to
 * state in settings and cheap to test on every event.
 */
export const DEFAULT_IGNORED_NAMES: readonly string[] = ['node_modules', '.git'];

/** `relativePath` is relative to the share, with / separators. */
export function isIgnored(relativePath: string, ignoredNames: readonly string[] = DEFAULT_IGNORED_NAMES): boolean {
  return relativePath.split('/').some((segment) => ignoredNames.includes(segment));
}
