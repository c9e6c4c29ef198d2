import { createZodDto as nestjsZodDto } from 'nestjs-zod';

type PropertyMetadata = Record<string, unknown> & { type?: unknown };
type MetadataFactory = () => Record<string, PropertyMetadata>;
interface WithMetadata {
  _OPENAPI_METADATA_FACTORY: MetadataFactory;
}

/**
 * zod 4.6 writes a nullable scalar as `type: ["string", "null"]`; nestjs-zod hands that to
 * @nestjs/swagger as a DTO property's `type`, which reads an array as "an array of string". Every
 * `string | null` field became `string[]` in the document (and in the console's generated types).
 * Written the OpenAPI 3.0 way (`type` + `nullable`), the property comes out as it is.
 */
export function nullableAs30(properties: Record<string, PropertyMetadata>) {
  for (const property of Object.values(properties)) {
    const { type } = property;
    if (!Array.isArray(type) || !type.includes('null')) continue;
    const others = type.filter((t) => t !== 'null');
    if (others.length !== 1) continue;
    property.type = others[0];
    property.nullable = true;
  }
  return properties;
}

function patch(dto: WithMetadata): void {
  const factory = dto._OPENAPI_METADATA_FACTORY;
  Object.defineProperty(dto, '_OPENAPI_METADATA_FACTORY', {
    value: function (this: unknown) {
      return nullableAs30(factory.call(this));
    },
    configurable: true,
  });
}

/**
 * nestjs-zod's createZodDto, with nullable fields documented as nullable (see nullableAs30), for
 * the input DTO and its `.Output` twin alike. Use it instead of nestjs-zod's.
 */
export const createZodDto = ((schema: Parameters<typeof nestjsZodDto>[0]) => {
  const dto = nestjsZodDto(schema);
  patch(dto as unknown as WithMetadata);
  // nestjs-zod builds a new `<Dto>_Output` class on every read of `.Output`: patch each.
  const output = Object.getOwnPropertyDescriptor(dto, 'Output')?.get;
  if (output) {
    Object.defineProperty(dto, 'Output', {
      get(this: unknown) {
        const outputDto = output.call(this) as WithMetadata;
        patch(outputDto);
        return outputDto;
      },
      configurable: true,
    });
  }
  return dto;
}) as typeof nestjsZodDto;
