import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/**
 * The gateway's OpenAPI document, as served at /docs-json. The web console's API types are
 * generated from it (`npm run api:types`), so the console and the API cannot drift.
 * Building it needs only the created application, not a database connection.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchboard')
      .setDescription(
        'OpenAI-compatible LLM gateway. Client endpoints under /v1; administration under /admin ' +
          '(admin keys only). Authenticate with `Authorization: Bearer <gateway key>`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  return cleanupOpenApiDoc(document);
}
