import { Gateway, startGateway } from '../support/gateway';

interface Operation {
  parameters?: { name: string; in: string }[];
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface OpenApiDoc {
  paths: Record<string, { get?: Operation }>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/** The usage endpoints the console is generated from: typed responses, every parameter. */
describe('usage endpoints in the OpenAPI document', () => {
  let gateway: Gateway;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    gateway = await startGateway();
    doc = (await (await gateway.fetch('/docs-json')).json()) as OpenApiDoc;
  });
  afterAll(() => gateway?.close());

  const schemaOf = (path: string) => {
    const ref = doc.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema;
    const name = ref?.$ref?.replace('#/components/schemas/', '') ?? '';
    return { name, schema: doc.components.schemas[name] };
  };
  const paramsOf = (path: string) => doc.paths[path]?.get?.parameters?.map((p) => p.name) ?? [];

  it('GET /usage/timeseries declares its query and response', () => {
    const { name, schema } = schemaOf('/usage/timeseries');
    expect(name).toBe('UsageTimeseriesDto');
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(
      ['bucket', 'from', 'group_by', 'series', 'to', 'totals'].sort(),
    );
    expect(paramsOf('/usage/timeseries').sort()).toEqual(
      ['bucket', 'from', 'group_by', 'key', 'model', 'provider', 'status', 'stream', 'to'].sort(),
    );
  });

  it('GET /usage declares the live-tail filters and the row id', () => {
    expect(paramsOf('/usage')).toEqual(
      expect.arrayContaining(['stream', 'request_id', 'after_id']),
    );
  });

  it('GET /usage/{id} declares the full row with its attempts', () => {
    const { name, schema } = schemaOf('/usage/{id}');
    expect(name).toBe('UsageRecordDto');
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'key_id', 'attempt_log', 'request_id', 'cost_usd']),
    );
    expect(doc.paths['/usage/{id}']?.get?.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path' }),
    ]);
  });
});
