import { describe, expect, it } from 'vitest';
import { parseNames } from '../../renderer/src/settings/names-list';

describe('the "Ignore changes in" field', () => {
  it.each([
    ['node_modules, .git', ['node_modules', '.git']],
    ['node_modules, ', ['node_modules']],
    ['  dist ,, .cache', ['dist', '.cache']],
    ['', []],
  ])('reads %j as %j', (text, names) => {
    expect(parseNames(text)).toEqual(names);
  });
});
