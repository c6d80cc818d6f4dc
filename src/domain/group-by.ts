/**
 * Items grouped by a key in one pass. Views built per node or per service look their tasks up here instead of
 * scanning the whole task list for each row, so building them costs O(rows + tasks), not O(rows x tasks).
 * Items whose key is empty are left out.
 */
export function groupBy<T>(items: readonly T[], key: (item: T) => string | null | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!k) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
