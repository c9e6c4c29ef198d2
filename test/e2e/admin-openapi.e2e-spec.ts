import { Gateway, startGateway } from '../support/gateway';

interface Schema {
  $ref?: string;
  type?: string | string[];
  items?: Schema;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  required?: string[];
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * The console's types are generated from /docs-json (openapi-typescript): an admin answer
 * without a schema becomes `unknown` there. Every admin operation's success answer has one.
 */
describe('admin API in the OpenAPI document', () => {
  let gateway: Gateway;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    gateway = await startGateway();
    const response = await gateway.fetch('/docs-json');
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const resolve = (schema: Schema): Schema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`${schema.$ref} is not in components.schemas`);
    return resolve(target);
  };

  /** The object schema an answer holds: its own, or its array's items. */
  const objectOf = (schema: Schema): Schema => {
    const resolved = resolve(schema);
    return resolved.type === 'array' && resolved.items ? resolve(resolved.items) : resolved;
  };

  const answer = (path: string, method: string, status = '200'): Schema => {
    const op = doc.paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
    const schema = op.responses[status]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method.toUpperCase()} ${path} ${status} has no schema`);
    return schema;
  };

  it('gives every admin operation that answers a body a response schema with properties', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/admin/')) continue;
      for (const [method, op] of Object.entries(operations)) {
        const success = Object.keys(op.responses).find((s) => /^2\d\d$/.test(s));
        if (!success) {
          missing.push(`${method} ${path}: no 2xx response`);
          continue;
        }
        if (success === '204') continue;
        checked++;
        const schema = op.responses[success].content?.['application/json']?.schema;
        if (!schema) {
          missing.push(`${method} ${path} ${success}: no schema`);
          continue;
        }
        const object = objectOf(schema);
        if (!object.properties || Object.keys(object.properties).length === 0) {
          missing.push(`${method} ${path} ${success}: schema without properties`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(24);
  });

  it('documents the request bodies of the admin writes', () => {
    const bodies: [string, string][] = [
      ['/admin/providers', 'post'],
      ['/admin/providers/{id}', 'patch'],
      ['/admin/providers/{id}/test', 'post'],
      ['/admin/keys/{name}', 'patch'],
      ['/admin/rules/validate', 'post'],
      ['/admin/route/explain', 'post'],
    ];
    for (const [path, method] of bodies) {
      const schema = doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
      expect({ path, method, documented: !!schema && !!resolve(schema).properties }).toEqual({
        path,
        method,
        documented: true,
      });
    }
  });

  it('shows the fields the console reads', () => {
    expect(Object.keys(objectOf(answer('/admin/providers', 'get')).properties!)).toEqual(
      expect.arrayContaining(['id', 'format', 'base_url', 'api_key', 'enabled']),
    );
    const key = objectOf(answer('/admin/keys', 'get'));
    expect(resolve(key.properties!.usage).properties).toEqual(
      expect.objectContaining({ rpm: expect.anything(), budget_used_usd: expect.anything() }),
    );
    expect(objectOf(answer('/admin/keys', 'post', '201')).properties).toHaveProperty('key');
    const status = objectOf(answer('/admin/models/{name}/status', 'get'));
    expect(objectOf(status.properties!.targets).properties).toHaveProperty('quota_use');
    expect(objectOf(answer('/admin/providers/{id}/test', 'post')).required).toEqual(
      expect.arrayContaining(['ok', 'status', 'latency_ms', 'model', 'answer', 'error']),
    );
    expect(objectOf(answer('/admin/rules/validate', 'post')).properties).toHaveProperty('valid');
    expect(objectOf(answer('/admin/route/explain', 'post')).properties).toHaveProperty(
      'candidates',
    );
  });
});
