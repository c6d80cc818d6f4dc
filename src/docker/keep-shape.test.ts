import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonArrayScanner, parseItems } from './json-array-reader.ts';
import { keepShape } from './keep-shape.ts';
import { TaskRecordSchema } from './schemas.ts';

const recordedTasks = readFileSync(new URL('./fixtures/tasks.json', import.meta.url));

describe('keepShape', () => {
  it('names the keys of plain objects at every depth, and keeps loose, strict and other values whole', () => {
    const schema = z.object({
      a: z.string(),
      b: z.object({ c: z.number(), d: z.object({ e: z.string() }).optional() }).nullable(),
      loose: z.looseObject({ x: z.string() }),
      strict: z.strictObject({ x: z.string() }),
      list: z.array(z.object({ x: z.string() })),
    });
    expect(keepShape(schema)).toEqual({ a: true, b: { c: true, d: { e: true } }, loose: true, strict: true, list: true });
    expect(keepShape(z.looseObject({ a: z.string() }))).toBeUndefined();
    expect(keepShape(z.array(z.string()))).toBeUndefined();
  });

  it('cuts nothing TaskRecordSchema reads: the recorded tasks read through it give the records of the whole tasks', () => {
    const whole = (JSON.parse(recordedTasks.toString('utf8')) as unknown[]).map((task) => TaskRecordSchema.parse(task));
    for (const size of [1, 100, 4096]) {
      const scanner = new JsonArrayScanner({ keep: keepShape(TaskRecordSchema) });
      const records: unknown[] = [];
      for (let i = 0; i < recordedTasks.length; i += size)
        parseItems(scanner.push(recordedTasks.subarray(i, i + size)).toString('utf8'), (value) => TaskRecordSchema.parse(value), records);
      expect(records).toEqual(whole);
    }
    expect(whole.some((t) => t.Spec?.ContainerSpec?.Image && t.Status.ContainerStatus?.ContainerID && t.Status.Err)).toBe(true);
  });
});
