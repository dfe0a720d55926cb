/**
 * Applying a fresh list or one changed item without touching the others:
 * items that did not change keep their object, so memoised rows and
 * selectors see no change. Pure.
 */

/** `next`, with each item equal to the previous one of the same key replaced by that previous object (`prev` itself when nothing changed). */
export function keepUnchanged<T>(prev: readonly T[] | null, next: T[], keyOf: (item: T) => string): T[] {
  if (!prev) return next;
  const before = new Map(prev.map((item) => [keyOf(item), item]));
  let same = prev.length === next.length;
  const merged = next.map((item, i) => {
    const old = before.get(keyOf(item));
    const kept = old !== undefined && sameValue(old, item) ? old : item;
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? (prev as T[]) : merged;
}

/** The list with the item of `key` replaced, added (at the end) or, for null, removed. */
export function applyChange<T>(items: readonly T[], key: string, item: T | null, keyOf: (item: T) => string): T[] {
  const at = items.findIndex((x) => keyOf(x) === key);
  if (item === null) return at < 0 ? (items as T[]) : items.filter((_, i) => i !== at);
  if (at < 0) return [...items, item];
  if (sameValue(items[at], item)) return items as T[];
  const next = items.slice();
  next[at] = item;
  return next;
}

/** Deep equality for JSON-shaped values (what crosses the contract). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameValue(x, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
