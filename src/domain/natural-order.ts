/** Names in the order people expect: `node-2` before `node-10`. */

// One collator for every comparison: `localeCompare` with options builds one per call, which costs most of a
// sort of 10,000 names.
const collator = new Intl.Collator('en', { numeric: true });

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}
