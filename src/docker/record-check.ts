import { z } from 'zod';

/** Whether a value already is what its schema would answer. */
export type RecordCheck = (value: unknown) => boolean;

/**
 * A check made from a schema of plain objects (`z.object`, which strips other keys), strings, finite numbers
 * (`.int()` too) and booleans, optional or nullable; undefined for a schema with anything else (a loose or strict
 * object, a record, an array, a refinement, a default, a transform). It reads the value without copying it, where
 * zod's parse builds a new object per object and a result per field: per list read of 10,000 tasks, 300,000 objects
 * of garbage whose collections cost more than the parse.
 * It holds only for a value whose objects have no key their schema does not name, as JsonArrayScanner leaves them
 * when it reads with the schema's `keepShape`: zod would have stripped such a key, the check does not look for it.
 */
export function recordCheck(schema: z.ZodType): RecordCheck | undefined {
  if (schema instanceof z.ZodOptional) {
    const inner = recordCheck(schema.def.innerType as z.ZodType);
    return inner && ((value) => value === undefined || inner(value));
  }
  if (schema instanceof z.ZodNullable) {
    const inner = recordCheck(schema.def.innerType as z.ZodType);
    return inner && ((value) => value === null || inner(value));
  }
  const checks = (schema.def as { checks?: { _zod: { def: { check: string; format?: string } } }[] }).checks ?? [];
  if (schema instanceof z.ZodString) return checks.length ? undefined : (value) => typeof value === 'string';
  if (schema instanceof z.ZodBoolean) return checks.length ? undefined : (value) => typeof value === 'boolean';
  if (schema instanceof z.ZodNumber) {
    if (checks.length === 0) return (value) => typeof value === 'number' && Number.isFinite(value);
    const [only] = checks;
    const safeInt = checks.length === 1 && only?._zod.def.check === 'number_format' && only._zod.def.format === 'safeint';
    return safeInt ? (value) => Number.isSafeInteger(value) : undefined;
  }
  if (schema instanceof z.ZodObject && schema.def.catchall === undefined && checks.length === 0) {
    const fields: [string, RecordCheck][] = [];
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const check = recordCheck(field);
      if (!check) return undefined;
      fields.push([key, check]);
    }
    return (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const object = value as Record<string, unknown>;
      // An absent key reads undefined, which only an optional field's check passes (JSON has no undefined). A key
      // the object inherits (`toString`) fails its check: zod then decides.
      for (const [key, check] of fields) if (!check(object[key])) return false;
      return true;
    };
  }
  return undefined;
}
