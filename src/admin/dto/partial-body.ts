import { z } from 'zod';

/**
 * A PATCH body from an entity schema: every field optional and WITHOUT its default, so a field
 * the client leaves out stays as stored instead of being reset (zod's `.partial()` keeps the
 * defaults, which would turn `{ enabled: false }` into a full reset). `omit` drops the fields
 * the path names (id, name). Unknown fields stay rejected.
 */
export function partialBody<Shape extends z.ZodRawShape, Omitted extends keyof Shape & string>(
  schema: z.ZodObject<Shape>,
  omit: readonly Omitted[],
) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    if ((omit as readonly string[]).includes(name)) continue;
    const bare = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
    shape[name] = bare.optional();
  }
  return z.object(shape).strict() as unknown as z.ZodObject<{
    [K in Exclude<keyof Shape, Omitted>]: z.ZodOptional<z.ZodType<z.output<Shape[K]>>>;
  }>;
}
