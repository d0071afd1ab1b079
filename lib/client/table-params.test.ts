import { describe, expect, it } from 'vitest';
import { tableSearch } from './table-params';

describe('tableSearch', () => {
  it('is empty for defaults', () => {
    expect(tableSearch({})).toBe('');
    expect(tableSearch({ q: '', page: 1 })).toBe('');
  });
  it('encodes the search and keeps a stable order', () => {
    expect(tableSearch({ pageSize: 25, page: 3, dir: 'asc', sort: 'name', q: 'spring & summer' })).toBe(
      '?q=spring+%26+summer&sort=name&dir=asc&page=3&pageSize=25',
    );
  });
});
