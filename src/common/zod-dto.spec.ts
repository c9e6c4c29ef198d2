import { z } from 'zod';
import { createZodDto } from './zod-dto';

type Factory = { _OPENAPI_METADATA_FACTORY(): Record<string, Record<string, unknown>> };

describe('createZodDto (nullable fields in the OpenAPI document)', () => {
  const schema = z.object({
    name: z.string(),
    note: z.string().nullable(),
    count: z.number().int().nullable(),
    tags: z.array(z.string()),
  });
  class ThingDto extends createZodDto(schema) {}

  it.each([
    ['input', () => ThingDto as unknown as Factory],
    ['output', () => ThingDto.Output as unknown as Factory],
  ])('documents a nullable scalar as the scalar with nullable, not as an array (%s)', (_, dto) => {
    const properties = dto()._OPENAPI_METADATA_FACTORY();
    expect(properties.note).toMatchObject({ type: 'string', nullable: true });
    // A bounded integer comes as anyOf [integer, null], which cleanupOpenApiDoc converts.
    expect(properties.count.type).not.toBe('array');
    expect(properties.name).toMatchObject({ type: 'string' });
    expect(properties.name.nullable).toBeUndefined();
    expect(properties.tags).toMatchObject({ type: 'array' });
  });

  it('still validates with the schema', () => {
    expect(ThingDto.create({ name: 'a', note: null, count: null, tags: [] })).toEqual({
      name: 'a',
      note: null,
      count: null,
      tags: [],
    });
  });
});
