import type { TaskSummary } from './swarm-summaries.ts';

/** One collator for every sort: `localeCompare` per comparison sets one up each time. */
const collator = new Intl.Collator();

/**
 * Sorts tasks in place by service name (the collator's order; unnamed first), then slot, then newest first. The
 * names are ranked once, so comparing two tasks compares numbers: a collator comparison per pair was most of the
 * sort of 10,000 tasks.
 */
export function sortByServiceThenSlot(tasks: TaskSummary[]): TaskSummary[] {
  const names = [...new Set(tasks.map((t) => t.serviceName ?? ''))].sort(collator.compare);
  const rank = new Map<string, number>();
  for (const [i, name] of names.entries()) {
    const previous = names[i - 1];
    // Names the collator holds equal share a rank, as they compared equal before.
    rank.set(name, previous !== undefined && collator.compare(previous, name) === 0 ? rank.get(previous)! : i);
  }
  const rankOf = (t: TaskSummary) => rank.get(t.serviceName ?? '')!;
  return tasks.sort((a, b) => rankOf(a) - rankOf(b) || (a.slot ?? 0) - (b.slot ?? 0) || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
}
