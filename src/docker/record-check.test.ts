import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonArrayScanner } from './json-array-reader.ts';
import { keepShape } from './keep-shape.ts';
import { recordCheck } from './record-check.ts';
import { ServiceNameSchema, TaskRecordSchema } from './schemas.ts';

const recordedTasks = readFileSync(new URL('./fixtures/tasks.json', import.meta.url));

describe('recordCheck', () => {
  const schema = z.object({
    id: z.string(),
    slot: z.number().int().optional(),
    ratio: z.number(),
    on: z.boolean().nullable(),
    status: z.object({ state: z.string(), err: z.string().optional() }),
    spec: z.object({ image: z.string().optional() }).optional(),
  });
  const check = recordCheck(schema)!;
  const valid = { id: 'a', slot: 1, ratio: 0.5, on: null, status: { state: 'running' }, spec: {} };

  it('passes exactly the values the schema passes, and those are what the schema answers', () => {
    const values: unknown[] = [
      valid,
      { ...valid, slot: undefined, spec: undefined },
      { ...valid, on: true, status: { state: 'failed', err: 'x' }, spec: { image: 'busybox' } },
      { ...valid, id: 1 },
      { ...valid, slot: 1.5 },
      { ...valid, slot: 2 ** 53 },
      { ...valid, slot: null },
      { ...valid, ratio: '1' },
      { ...valid, on: undefined },
      { ...valid, status: { err: 'x' } },
      { ...valid, status: null },
      { ...valid, spec: { image: 3 } },
      { ...valid, spec: [] },
      Object.fromEntries(Object.entries(valid).filter(([key]) => key !== 'id')),
      [valid],
      null,
      'a',
    ];
    for (const value of values) {
      const parsed = schema.safeParse(value);
      expect(check(value), JSON.stringify(value)).toBe(parsed.success);
      if (parsed.success) expect(parsed.data).toEqual(value);
    }
  });

  it('leaves to the schema what it cannot check without copying', () => {
    expect(recordCheck(z.looseObject({ a: z.string() }))).toBeUndefined();
    expect(recordCheck(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(recordCheck(z.object({ a: z.record(z.string(), z.string()) }))).toBeUndefined();
    expect(recordCheck(z.object({ a: z.array(z.string()) }))).toBeUndefined();
    expect(recordCheck(z.object({ a: z.string().min(1) }))).toBeUndefined();
    expect(recordCheck(z.object({ a: z.number().positive() }))).toBeUndefined();
    expect(recordCheck(z.object({ a: z.string().default('x') }))).toBeUndefined();
    expect(recordCheck(z.object({ a: z.union([z.string(), z.number()]) }))).toBeUndefined();
    expect(recordCheck(ServiceNameSchema)).toBeDefined();
  });

  it('passes the recorded tasks as the reader keeps them for TaskRecordSchema, each what the schema answers', () => {
    const check = recordCheck(TaskRecordSchema)!;
    const kept: unknown[] = JSON.parse(new JsonArrayScanner({ keep: keepShape(TaskRecordSchema) }).push(recordedTasks).toString('utf8'));
    expect(kept.length).toBeGreaterThan(0);
    for (const task of kept) {
      expect(check(task)).toBe(true);
      expect(TaskRecordSchema.parse(task)).toEqual(task);
    }
  });
});
