/**
 * JSON Schema ⇄ Gemini's `Schema` (a subset of the OpenAPI 3.0 schema object: upper-case types,
 * `nullable` instead of a "null" type, int64 limits that may arrive as strings).
 *
 * Requests built here send JSON Schema as it is (`parametersJsonSchema`, `responseJsonSchema`),
 * so `jsonSchemaToOpenApi` is only for upstreams that take the OpenAPI form alone; it is lossy
 * (references, additionalProperties and other unsupported keywords are dropped).
 */
import { isObject } from './fields';
import type { Json } from './types';

/** Keys whose values are one schema / a map of schemas / a list of schemas. */
const SCHEMA_KEYS = ['items', 'additionalProperties', 'not'];
const SCHEMA_MAP_KEYS = ['properties', '$defs', 'definitions'];
const SCHEMA_LIST_KEYS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
/** int64 fields: proto JSON may write them as strings ("minItems": "1"). */
const INT64_KEYS = [
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
];

/** What Gemini's Schema supports; everything else is dropped on the way to it. */
const OPENAPI_KEYS = new Set([
  'description',
  'format',
  'enum',
  'required',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'pattern',
  'title',
  'default',
  'example',
  'propertyOrdering',
]);

function mapSchemas(
  schema: Json,
  key: string,
  convert: (value: unknown) => Json,
): unknown | undefined {
  const value = schema[key];
  if (SCHEMA_KEYS.includes(key)) return isObject(value) ? convert(value) : value;
  if (SCHEMA_MAP_KEYS.includes(key) && isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, s]) => [name, convert(s)]));
  }
  if (SCHEMA_LIST_KEYS.includes(key) && Array.isArray(value)) return value.map(convert);
  return undefined;
}

/** Gemini `Schema` (OpenAPI subset) → JSON Schema. Unknown keywords are kept. */
export function openApiToJsonSchema(input: unknown): Json {
  if (!isObject(input)) return {};
  const out: Json = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'nullable' || key === 'propertyOrdering') continue;
    if (key === 'type') {
      const type = typeof value === 'string' ? value.toLowerCase() : undefined;
      if (!type || type === 'type_unspecified') continue;
      out.type = input.nullable === true ? [type, 'null'] : type;
    } else if (key === 'example') {
      out.examples = [value];
    } else if (INT64_KEYS.includes(key) && typeof value === 'string') {
      out[key] = Number(value);
    } else {
      out[key] = mapSchemas(input, key, openApiToJsonSchema) ?? value;
    }
  }
  return out;
}

/** JSON Schema → Gemini `Schema`. A union of types becomes anyOf; `const` becomes an enum. */
export function jsonSchemaToOpenApi(input: unknown): Json {
  if (!isObject(input)) return {};
  const out: Json = {};
  const types = (Array.isArray(input.type) ? input.type : [input.type]).filter(
    (t): t is string => typeof t === 'string',
  );
  const nonNull = types.filter((t) => t !== 'null');
  if (types.includes('null')) out.nullable = true;
  if (nonNull.length === 1) out.type = nonNull[0].toUpperCase();
  else if (nonNull.length > 1) out.anyOf = nonNull.map((t) => ({ type: t.toUpperCase() }));
  for (const [key, value] of Object.entries(input)) {
    if (key === 'properties' || key === 'items') {
      out[key] = mapSchemas(input, key, jsonSchemaToOpenApi) ?? value;
    } else if (key === 'anyOf' || key === 'oneOf') {
      out.anyOf = mapSchemas(input, key, jsonSchemaToOpenApi);
    } else if (key === 'const') {
      out.enum = [value];
    } else if (OPENAPI_KEYS.has(key)) {
      out[key] = value;
    }
  }
  return out;
}
