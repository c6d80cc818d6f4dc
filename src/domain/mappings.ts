/** Plain-object helpers for YAML/JSON mappings. */

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` merged into `base` key by key, nested mappings recursively; anything else from `over` replaces. Mutates `base`. */
export function deepMerge(base: Mapping, over: Mapping): Mapping {
  for (const [key, value] of Object.entries(over)) {
    const current = base[key];
    base[key] = isMapping(current) && isMapping(value) ? deepMerge(current, value) : value;
  }
  return base;
}

/** The first item of each key, in order. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
