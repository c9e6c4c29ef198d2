import { jsonSchemaToOpenApi, openApiToJsonSchema } from './schema';
import { decodeToolCallId, encodeToolCallId } from './tool-ids';
import { guessImageMimeType } from './parts';

describe('openApiToJsonSchema', () => {
  it('lower-cases types, turns nullable into a null type and int64 strings into numbers', () => {
    const openApi = {
      type: 'OBJECT',
      description: 'A search',
      properties: {
        query: { type: 'STRING', minLength: '1' },
        filters: {
          type: 'ARRAY',
          nullable: true,
          items: { anyOf: [{ type: 'INTEGER', format: 'int32' }, { type: 'BOOLEAN' }] },
        },
        mode: { type: 'STRING', enum: ['fast', 'deep'], example: 'fast' },
      },
      required: ['query'],
      propertyOrdering: ['query', 'filters', 'mode'],
    };
    expect(openApiToJsonSchema(openApi)).toEqual({
      type: 'object',
      description: 'A search',
      properties: {
        query: { type: 'string', minLength: 1 },
        filters: {
          type: ['array', 'null'],
          items: { anyOf: [{ type: 'integer', format: 'int32' }, { type: 'boolean' }] },
        },
        mode: { type: 'string', enum: ['fast', 'deep'], examples: ['fast'] },
      },
      required: ['query'],
    });
  });

  it('treats a schema that is not an object as empty', () => {
    expect(openApiToJsonSchema('STRING')).toEqual({});
  });
});

describe('jsonSchemaToOpenApi', () => {
  it('upper-cases types, reads null from type lists and drops what Gemini refuses', () => {
    const jsonSchema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        id: { type: ['string', 'null'], const: 'x' },
        value: { type: ['number', 'string'] },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
      },
      required: ['id'],
      additionalProperties: false,
    };
    expect(jsonSchemaToOpenApi(jsonSchema)).toEqual({
      type: 'OBJECT',
      properties: {
        id: { type: 'STRING', nullable: true, enum: ['x'] },
        value: { anyOf: [{ type: 'NUMBER' }, { type: 'STRING' }] },
        tags: { type: 'ARRAY', items: { type: 'STRING' }, maxItems: 3 },
      },
      required: ['id'],
    });
  });

  it('converts back what openApiToJsonSchema produced', () => {
    const openApi = {
      type: 'OBJECT',
      properties: {
        a: { type: 'STRING', nullable: true },
        b: { type: 'ARRAY', items: { type: 'NUMBER' } },
      },
      required: ['a'],
    };
    expect(jsonSchemaToOpenApi(openApiToJsonSchema(openApi))).toEqual(openApi);
  });
});

describe('tool call ids', () => {
  it('carry a thought signature in url-safe characters and give it back unchanged', () => {
    const signature = 'GfAoSjwb1yJdh+iws7h3/Qq3BhcKiw==';
    const id = encodeToolCallId('call_3', signature);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeToolCallId(id)).toEqual({ id: 'call_3', signature });
  });

  it('are left alone without a signature', () => {
    expect(encodeToolCallId('toolu_01', undefined)).toBe('toolu_01');
    expect(decodeToolCallId('toolu_01')).toEqual({ id: 'toolu_01' });
  });
});

describe('guessImageMimeType', () => {
  it.each([
    ['https://x.test/a.png', 'image/png'],
    ['https://x.test/a.JPG?w=2#top', 'image/jpeg'],
    ['https://x.test/a.webp', 'image/webp'],
    ['https://x.test/photo', 'image/jpeg'],
    ['gs://bucket/a.gif', 'image/gif'],
  ])('%s → %s', (url, mime) => {
    expect(guessImageMimeType(url)).toBe(mime);
  });
});
