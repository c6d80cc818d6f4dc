import { describe, expect, it } from 'vitest';
import type { TaskSummary } from './swarm-summaries.ts';
import { sortByServiceThenSlot } from './task-order.ts';

const collator = new Intl.Collator();

describe('sortByServiceThenSlot', () => {
  it('orders as comparing the names with the collator per pair did: name, then slot, then newest first', () => {
    const names = ['web', 'Web', 'wéb', 'api', 'Äpi', 'db-10', 'db-9', 'z', null, '', 'e\u0301', '\u00e9'];
    const tasks = Array.from({ length: 600 }, (_, i) => ({
      id: `t${i}`,
      serviceName: names[(i * 7) % names.length]!,
      slot: (i * 13) % 4 || null,
      updatedAt: `2026-12-07T07:${String((i * 17) % 60).padStart(2, '0')}:00Z`,
    })) as TaskSummary[];
    const byPair = (a: TaskSummary, b: TaskSummary) =>
      collator.compare(a.serviceName ?? '', b.serviceName ?? '') || (a.slot ?? 0) - (b.slot ?? 0) || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '');
    const expected = [...tasks].sort(byPair).map((t) => t.id);
    expect(sortByServiceThenSlot([...tasks]).map((t) => t.id)).toEqual(expected);
    // Canonically equal names (é composed and decomposed) keep their tasks' order between them, as before.
    expect(collator.compare('e\u0301', '\u00e9')).toBe(0);
  });
});
