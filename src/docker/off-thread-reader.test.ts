import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonArrayScanner, type KeepShape } from './json-array-reader.ts';
import { OffThreadArrayReader } from './off-thread-reader.ts';
import { packedList, unpackList } from './packed-list.ts';

const recordedTasks = readFileSync(new URL('./fixtures/tasks.json', import.meta.url));
/** Enough items that their bytes fill several of the batches sent to the scan thread, cut anywhere within items. */
const manyTasks = Buffer.from(JSON.stringify(Array.from({ length: 40 }, () => JSON.parse(recordedTasks.toString('utf8')) as unknown[]).flat()));
const shape: KeepShape = { ID: true, Spec: { ContainerSpec: { Image: true } }, Status: { State: true } };

/** The text cut into chunks of `size` bytes, read through an OffThreadArrayReader. */
function readInChunks<T>(text: Buffer | string, size: number, item: (value: unknown, index: number) => T, keep?: KeepShape): Promise<T[]> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const reader = new OffThreadArrayReader(item, { keep });
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
  reader.end();
  return reader.result;
}

/** What the scanner keeps of the whole text, parsed: what the reader must answer. */
const scanned = (text: Buffer, keep?: KeepShape) => JSON.parse(new JsonArrayScanner({ keep }).push(text).toString('utf8')) as unknown[];

describe('OffThreadArrayReader', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers what the scan keeps, whatever the chunks and batches, with the scan off the main thread', async () => {
    expect(manyTasks.length).toBeGreaterThan(4 * 64 * 1024);
    const expected = scanned(manyTasks, shape);
    // The scan thread has its own copy of the module: the main thread's scanner is never called.
    const scans = vi.spyOn(JsonArrayScanner.prototype, 'push');
    for (const size of [1000, 32 * 1024, 100_000, manyTasks.length]) expect(await readInChunks(manyTasks, size, (value) => value, shape)).toEqual(expected);
    expect(await readInChunks(recordedTasks, 1, (value) => value)).toEqual(JSON.parse(recordedTasks.toString('utf8')));
    expect(scans).not.toHaveBeenCalled();
  });

  it('keeps the kept text of a list read packed, which parses again into the same items through the same callback', async () => {
    const item = (value: unknown, index: number) => ({ index, task: value });
    const reader = new OffThreadArrayReader(item, { keep: shape, packed: true });
    for (let i = 0; i < manyTasks.length; i += 50_000) reader.push(manyTasks.subarray(i, i + 50_000));
    reader.end();
    const items = await reader.result;
    expect(items.map((i) => i.task)).toEqual(scanned(manyTasks, shape));
    const packed = packedList(items)!;
    expect(packed.texts.length).toBeGreaterThan(1);
    const again = unpackList(packed);
    expect(again).toEqual(items);
    expect(again).not.toBe(items);
    // A list read without `packed` has no packed form; nor has the list made again.
    expect(packedList(await readInChunks(manyTasks, 50_000, item, shape))).toBeUndefined();
    expect(packedList(again)).toBeUndefined();
  });

  it('keeps reads made at once apart', async () => {
    const tagged = (tag: string) => (value: unknown, index: number) => `${tag}${index}:${(value as { ID: string }).ID}`;
    const readers = ['a', 'b', 'c'].map((tag) => new OffThreadArrayReader(tagged(tag), { keep: shape }));
    for (let i = 0; i < manyTasks.length; i += 50_000) for (const reader of readers) reader.push(manyTasks.subarray(i, i + 50_000));
    for (const reader of readers) reader.end();
    const ids = scanned(manyTasks, shape).map((task) => (task as { ID: string }).ID);
    const results = await Promise.all(readers.map((reader) => reader.result));
    expect(results).toEqual(['a', 'b', 'c'].map((tag) => ids.map((id, index) => `${tag}${index}:${id}`)));
  });

  it('hands each item to the callback with its index, and keeps what it returns', async () => {
    const reader = new OffThreadArrayReader((value, index) => `${index}:${(value as { ID: string }).ID}`);
    reader.push(Buffer.from('[{"ID":"a","x":[1,2]},{"ID":"b"},'));
    reader.push(Buffer.from('{"ID":"c"}]'));
    reader.end();
    expect(await reader.result).toEqual(['0:a', '1:b', '2:c']);
  });

  it("rejects with the scan's SyntaxError what is not one whole JSON array, and then reads on", async () => {
    await expect(readInChunks('{"message":"page not found"}', 4, (v) => v)).rejects.toThrow(new SyntaxError('not a JSON array at byte 0'));
    await expect(readInChunks('[{"ID":"a"},{"ID":', 4, (v) => v)).rejects.toThrow(/^the array ends early, after 18 bytes$/);
    await expect(readInChunks(Buffer.concat([manyTasks.subarray(0, -1), Buffer.from('}')]), 10_000, (v) => v)).rejects.toBeInstanceOf(SyntaxError);
    expect(await readInChunks('[1,2]', 2, (v) => v)).toEqual([1, 2]);
  });

  it('rejects with what the callback throws, and calls it no more', async () => {
    const item = vi.fn((value: unknown) => {
      if ((value as { ID: string }).ID === 'b') throw new Error('not a task');
      return value;
    });
    await expect(readInChunks('[{"ID":"a"},{"ID":"b"},{"ID":"c"}]', 11, item)).rejects.toThrow('not a task');
    expect(item).toHaveBeenCalledTimes(2);
  });

  it('forgets a read given up, whose result never comes, and reads on', async () => {
    const item = vi.fn((value: unknown) => value);
    const given = new OffThreadArrayReader(item, { keep: shape });
    given.push(manyTasks.subarray(0, 3 * 64 * 1024));
    given.cancel();
    given.push(manyTasks.subarray(3 * 64 * 1024));
    given.end();
    const settled = vi.fn();
    given.result.then(settled, settled);
    expect(await readInChunks(manyTasks, 64 * 1024, (value) => value, shape)).toEqual(scanned(manyTasks, shape));
    expect(settled).not.toHaveBeenCalled();
    expect(item.mock.calls.length).toBeLessThan(scanned(manyTasks, shape).length);
  });
});
