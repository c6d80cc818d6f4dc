import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by.ts';

describe('groupBy', () => {
  it('groups items by key in their order and leaves out those without a key', () => {
    const items = [
      { id: 'a', node: 'n1' },
      { id: 'b', node: 'n2' },
      { id: 'c', node: 'n1' },
      { id: 'd', node: '' },
      { id: 'e', node: null },
    ];
    const groups = groupBy(items, (i) => i.node);
    expect([...groups.keys()]).toEqual(['n1', 'n2']);
    expect(groups.get('n1')?.map((i) => i.id)).toEqual(['a', 'c']);
    expect(groups.get('n2')?.map((i) => i.id)).toEqual(['b']);
  });
});
