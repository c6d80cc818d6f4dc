import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonArrayScanner, type KeepShape, parseItems } from './json-array-reader.ts';

const recordedTasks = readFileSync(new URL('./fixtures/tasks.json', import.meta.url));

/** The text cut into chunks of `size` bytes (multi-byte characters cut too), read through, the items returned. */
function readInChunks(text: Buffer | string, size: number, keep?: KeepShape): unknown[] {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const scanner = new JsonArrayScanner({ keep });
  const items: unknown[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const text = scanner.push(bytes.subarray(i, i + size));
    parseItems(text.toString('utf8'), (value) => value, items);
  }
  scanner.end();
  return items;
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

/** Every key kept whole. */
const keeping = (keys: string[]): KeepShape => Object.fromEntries(keys.map((key) => [key, true]));

/** What `shape` keeps of a parsed value: the same cut made on the tree instead of the text. */
function keptOf(value: unknown, shape: KeepShape): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const wanted = shape[key];
    if (wanted) kept[key] = wanted === true ? inner : keptOf(inner, wanted);
  }
  return kept;
}

const only = (items: unknown[], shape: KeepShape) => items.map((item) => keptOf(item, shape));

describe('JsonArrayScanner', () => {
  it('reads the recorded tasks whatever the chunk size, as JSON.parse does', () => {
    const expected = JSON.parse(recordedTasks.toString('utf8'));
    for (const size of [1, 3, 64, 1024, recordedTasks.length]) expect(readInChunks(recordedTasks, size)).toEqual(expected);
  });

  it('keeps strings, escapes, nesting and multi-byte characters whole across any cut', () => {
    const text = ` \n${JSON.stringify(tricky, null, 1)}\r\n `;
    for (let size = 1; size <= 17; size++) expect(readInChunks(text, size)).toEqual(tricky);
  });

  it('cuts the keys of each item not kept, wherever they sit and whatever the cuts, and nothing deeper', () => {
    const tasks = JSON.parse(recordedTasks.toString('utf8'));
    const kept = keeping(['ID', 'Spec', 'Status', 'DesiredState']);
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
    for (let size = 1; size <= 20; size++) expect(readInChunks(text, size, keeping(['a', 'b']))).toEqual(only(items, keeping(['a', 'b'])));
  });

  it('cuts nested keys at the depths the shape names, and keeps a named value whole when it is no object', () => {
    const tasks = JSON.parse(recordedTasks.toString('utf8'));
    const shape: KeepShape = {
      ID: true,
      Spec: { ContainerSpec: { Image: true } },
      Status: { State: true, ContainerStatus: { ContainerID: true } },
      Slot: true,
    };
    for (const size of [1, 7, 64, 1000, recordedTasks.length]) expect(readInChunks(recordedTasks, size, shape)).toEqual(only(tasks, shape));
    const items = [
      { a: { x: 1, b: { x: [{ b: 2 }], c: 3 }, y: '{"b":' }, b: 4 },
      { a: 'not an object', b: { x: 1 } },
      { a: [{ b: 1, x: 2 }], x: { b: 1 } },
      { x: { a: { b: 1 } }, a: { b: { c: { d: 1, e: 2 } } } },
      { a: {}, b: null },
      { a: { y: 1, x: 2 }, b: { c: 1 } },
      [{ a: { x: 1 } }],
    ];
    const text = JSON.stringify(items, null, 1);
    const nested: KeepShape = { a: { b: { c: true }, y: true }, b: true };
    for (let size = 1; size <= 20; size++) expect(readInChunks(text, size, nested)).toEqual(only(items, nested));
  });

  it('compares keys as JSON.parse reads them: escaped ones are kept by what they spell', () => {
    const text = '[{"\\u0049D":1,"I\\u0044":2,"\\"ID":3,"ID\\\\":4,"Status":{"\\u0053tate":"x","Other":5}}]';
    expect(JSON.parse(text)).toEqual([{ ID: 2, '"ID': 3, 'ID\\': 4, Status: { State: 'x', Other: 5 } }]);
    for (let size = 1; size <= 12; size++) expect(readInChunks(text, size, { ID: true, Status: { State: true } })).toEqual([{ ID: 2, Status: { State: 'x' } }]);
  });

  it('reads the empty array', () => {
    expect(readInChunks('[]', 1)).toEqual([]);
    expect(readInChunks(' [ \n ] ', 2)).toEqual([]);
  });

  it('answers the items each chunk completes, as the text of an array of them', () => {
    const scanner = new JsonArrayScanner({ keep: { ID: true } });
    const push = (text: string) => scanner.push(Buffer.from(text)).toString('utf8');
    expect(push('[{"ID":"a","x":[1,2]},{"ID":')).toBe('[{"ID":"a"}]');
    expect(push('"b"}')).toBe('');
    expect(push(',{"ID":"c"}]')).toBe('[{"ID":"b"},{"ID":"c"}]');
    scanner.end();
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
    fails('[1}');
    fails('[{"a":[1}]');
    const failsCut = (text: string) => expect(() => readInChunks(text, 3, { a: { b: true } }), text).toThrow(SyntaxError);
    failsCut('[{"x":[1},"a":1}]');
    failsCut('[{"a":{"x":{"y":]},"b":1}}]');
    failsCut('[{"a":{"b":1,}}]');
    failsCut('[{"a":{"b":1,"x":2,}}]');
    failsCut('[{"a":{,"b":1}}]');
    failsCut('[{"a":{"b":1,,"x":2}}]');
  });
});
