import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonArrayReader } from './json-array-reader.ts';

const recordedTasks = readFileSync(new URL('./fixtures/tasks.json', import.meta.url));

/** The text cut into chunks of `size` bytes (multi-byte characters cut too), read through, the items returned. */
function readInChunks(text: Buffer | string, size: number, keepKeys?: string[]): unknown[] {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const reader = new JsonArrayReader((value) => value, { keepKeys });
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
  return reader.end();
}

const tricky = [
  { s: 'commas, [brackets] and {braces} in a "string"', escaped: 'a \\ backslash before a quote \\"', n: -1.5e3 },
  'a string item, with a comma',
  ['nested', ['arrays'], { in: [1, 2] }],
  { unicode: 'café ✓ 🐳 — ünïcödé', empty: {}, none: [] },
  null,
  42,
  true,
];

describe('JsonArrayReader', () => {
  it('reads the recorded tasks whatever the chunk size, as JSON.parse does', () => {
    const expected = JSON.parse(recordedTasks.toString('utf8'));
    for (const size of [1, 3, 64, 1024, recordedTasks.length]) expect(readInChunks(recordedTasks, size)).toEqual(expected);
  });

  it('keeps strings, escapes, nesting and multi-byte characters whole across any cut', () => {
    const text = ` \n${JSON.stringify(tricky, null, 1)}\r\n `;
    for (let size = 1; size <= 17; size++) expect(readInChunks(text, size)).toEqual(tricky);
  });

  it('cuts the keys of each item not kept, wherever they sit and whatever the cuts, and nothing deeper', () => {
    const only = (items: unknown[], keys: string[]) =>
      items.map((item) =>
        item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => keys.includes(key))) : item,
      );
    const tasks = JSON.parse(recordedTasks.toString('utf8'));
    const kept = ['ID', 'Spec', 'Status', 'DesiredState'];
    for (const size of [1, 5, 64, 1000, recordedTasks.length]) expect(readInChunks(recordedTasks, size, kept)).toEqual(only(tasks, kept));
    const items = [
      { N: [1, { N: 2 }], a: 'N', b: { N: 'x' } },
      { a: 1, N: { q: '},"\\' } },
      { N: 1 },
      { N: 1, M: 2, a: 3 },
      { a: 1, N: 2, M: 3, b: 4 },
      ['N', 'M'],
      { M: [], N: {} },
      'N',
      {},
      { 'k"\\': 1, NA: 2, a: 'x' },
    ];
    const text = JSON.stringify(items, null, 1);
    for (let size = 1; size <= 20; size++) expect(readInChunks(text, size, ['a', 'b'])).toEqual(only(items, ['a', 'b']));
  });

  it('reads the empty array', () => {
    expect(readInChunks('[]', 1)).toEqual([]);
    expect(readInChunks(' [ \n ] ', 2)).toEqual([]);
  });

  it('hands each item to the callback with its index, and keeps what it returns', () => {
    const reader = new JsonArrayReader((value, index) => `${index}:${(value as { ID: string }).ID}`);
    reader.push(Buffer.from('[{"ID":"a","x":[1,2]},{"ID":"b"},'));
    reader.push(Buffer.from('{"ID":"c"}]'));
    expect(reader.end()).toEqual(['0:a', '1:b', '2:c']);
  });

  it('refuses what is not one whole JSON array', () => {
    const fails = (text: string) => expect(() => readInChunks(text, 4), text).toThrow(SyntaxError);
    fails('{"message":"page not found"}');
    fails('[{"ID":"a"},{"ID":');
    fails('[{"ID":"a"}');
    fails('');
    fails('[1,]');
    fails('[,1]');
    fails('[1,,2]');
    fails('[1] [2]');
    fails('[{"ID":a}]');
  });

  it('passes on what the callback throws', () => {
    const reader = new JsonArrayReader(() => {
      throw new Error('not a task');
    });
    expect(() => reader.push(Buffer.from('[{"ID":"a"}]'))).toThrow('not a task');
  });
});
