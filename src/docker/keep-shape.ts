import { z } from 'zod';
import type { KeepShape } from './json-array-reader.ts';

/**
 * What of a value a schema reads: the keys of an object schema that strips the others (`z.object`, optional or
 * nullable too), each with what its own schema reads, which is then all that is worth parsing; undefined: all of it.
 */
export function keepShape(schema: z.ZodType): KeepShape | undefined {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.def.innerType as z.ZodType;
  if (!(inner instanceof z.ZodObject) || inner.def.catchall !== undefined) return undefined;
  return Object.fromEntries(Object.entries(inner.shape as Record<string, z.ZodType>).map(([key, value]) => [key, keepShape(value) ?? true]));
}
