import { parseItems } from './json-array-reader.ts';

/**
 * A list read as a JSON array (`OffThreadArrayReader`) kept as the bytes its items were parsed from, as the scan kept
 * them (2-4 MB at 10,000 tasks, off the JS heap), with what made each item of them. A list kept between reads as
 * objects (7 MB and 60,000 objects at 10,000 tasks) is promoted to the old generation, whose collections then mark it:
 * a list kept only in case no manager answers later is cheaper kept packed and parsed again if that happens.
 */
export interface PackedList<T> {
  readonly texts: readonly Buffer[];
  readonly item: (value: unknown, index: number) => T;
}

const packedLists = new WeakMap<readonly unknown[], PackedList<unknown>>();

/** Notes the packed form of a list just read: it lives as long as the list. */
export function notePacked<T>(list: readonly T[], packed: PackedList<T>): void {
  packedLists.set(list, packed as PackedList<unknown>);
}

/** The packed form of a list read with `packed` asked for; undefined for any other list (one patched, or made here). */
export function packedList<T>(list: readonly T[]): PackedList<T> | undefined {
  return packedLists.get(list) as PackedList<T> | undefined;
}

/** The list again, each item parsed and made as when it was read. */
export function unpackList<T>(packed: PackedList<T>): T[] {
  const items: T[] = [];
  for (const text of packed.texts) parseItems(text.toString('utf8'), packed.item, items);
  return items;
}
