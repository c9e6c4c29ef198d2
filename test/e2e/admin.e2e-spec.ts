import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey } from '../support/config';
import { apiErrorOf, expectOpenAIError } from '../support/expect';
import { Gateway, readResult, startGateway } from '../support/gateway';

const PROVIDER_KEY = 'sk-upstream-admin-test-9876';
const messages = [{ role: 'user' as const, content: 'hi' }];

/** The admin API: configuration changes apply to the very next request, no restart. */
describe('admin API', () => {
  let gateway: Gateway;
  let first: FakeOpenAI;
  let second: FakeOpenAI;

  beforeAll(async () => {
    [first, second] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([first?.close(), second?.close()]);
  });

  beforeEach(() => {
    first.reset();
    second.reset();
  });

  describe('create, use, change, delete', () => {
    let userKey: string;

    it('POST /admin/providers creates a provider and never echoes its key', async () => {
      const result = await gateway.admin('POST', '/admin/providers', {
        id: 'crud',
        format: 'openai',
        base_url: first.baseUrl,
        api_key: PROVIDER_KEY,
        headers: { 'x-team': 'e2e' },
        timeout_ms: 30000,
      });
      expect(result.status).toBe(201);
      expect(result.body).toMatchObject({
        id: 'crud',
        format: 'openai',
        base_url: first.baseUrl,
        headers: { 'x-team': 'e2e' },
        timeout_ms: 30000,
        enabled: true,
      });
      expect(JSON.stringify(result.body)).not.toContain(PROVIDER_KEY);
    });

    it('POST /admin/models creates a model with its targets', async () => {
      const result = await gateway.admin('POST', '/admin/models', {
        name: 'crud-model',
        targets: [{ provider: 'crud', model: 'upstream-v1', priority: 1 }],
      });
      expect(result.status).toBe(201);
      expect(result.body).toMatchObject({
        name: 'crud-model',
        strategy: 'priority',
        targets: [{ provider: 'crud', model: 'upstream-v1', priority: 1 }],
      });
    });

    it('POST /admin/keys returns the new key once, and it works at once', async () => {
      const result = await gateway.admin<{ key: string; name: string }>('POST', '/admin/keys', {
        name: 'crud-user',
        models: ['crud-*'],
      });
      expect(result.status).toBe(201);
      expect(result.body.key).toEqual(expect.any(String));
      userKey = result.body.key;

      const completion = await gateway.openai(userKey).chat.completions.create({
        model: 'crud-model',
        messages,
      });
      expect(completion.choices[0].message.content).toBeTruthy();
      expect(first.chatRequests[0].body?.model).toBe('upstream-v1');
      expect(first.chatRequests[0].headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);

      const listed = await gateway.admin('GET', '/admin/keys/crud-user');
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ name: 'crud-user', models: ['crud-*'], role: 'user' });
      expect(JSON.stringify(listed.body)).not.toContain(userKey);
    });

    it('GET /admin/providers masks the API key', async () => {
      const list = await gateway.admin<{ id: string; api_key: string | null }[]>(
        'GET',
        '/admin/providers',
      );
      expect(list.status).toBe(200);
      const crud = list.body.find((p) => p.id === 'crud');
      expect(crud?.api_key).toEqual(expect.any(String));
      expect(crud?.api_key).not.toBe(PROVIDER_KEY);
      expect(JSON.stringify(list.body)).not.toContain(PROVIDER_KEY);

      const one = await gateway.admin('GET', '/admin/providers/crud');
      expect(one.status).toBe(200);
      expect(JSON.stringify(one.body)).not.toContain(PROVIDER_KEY);
    });

    it('PUT /admin/providers/:id moves traffic to the new base URL and keeps the stored key', async () => {
      const result = await gateway.admin('PUT', '/admin/providers/crud', {
        id: 'crud',
        format: 'openai',
        base_url: second.baseUrl,
      });
      expect(result.status).toBe(200);

      await gateway.openai(userKey).chat.completions.create({ model: 'crud-model', messages });
      expect(first.chatRequests).toHaveLength(0);
      expect(second.chatRequests).toHaveLength(1);
      expect(second.chatRequests[0].headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    });

    it('PUT /admin/models/:name changes the target of the next request', async () => {
      const result = await gateway.admin('PUT', '/admin/models/crud-model', {
        name: 'crud-model',
        targets: [{ provider: 'crud', model: 'upstream-v2' }],
      });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ targets: [{ model: 'upstream-v2' }] });

      await gateway.openai(userKey).chat.completions.create({ model: 'crud-model', messages });
      expect(second.chatRequests[0].body?.model).toBe('upstream-v2');
      const got = await gateway.admin('GET', '/admin/models/crud-model');
      expect(got.body).toMatchObject({ name: 'crud-model', targets: [{ model: 'upstream-v2' }] });
    });

    it('PUT /admin/keys/:name narrows what the key may use, at once', async () => {
      const result = await gateway.admin('PUT', '/admin/keys/crud-user', {
        name: 'crud-user',
        models: ['something-else'],
      });
      expect(result.status).toBe(200);
      const error = await apiErrorOf(
        gateway.openai(userKey).chat.completions.create({ model: 'crud-model', messages }),
      );
      expect(error.status).toBe(403);
    });

    it('DELETE /admin/providers/:id refuses (409) while a model still uses it', async () => {
      const result = await gateway.admin('DELETE', '/admin/providers/crud');
      expectOpenAIError(result, 409, { code: 'provider_in_use' });
      expect((await gateway.admin('GET', '/admin/providers/crud')).status).toBe(200);
    });

    it('DELETE removes keys, models and providers; they are gone for the next request', async () => {
      expect((await gateway.admin('DELETE', '/admin/keys/crud-user')).status).toBe(204);
      const denied = await apiErrorOf(
        gateway.openai(userKey).chat.completions.create({ model: 'crud-model', messages }),
      );
      expect(denied.status).toBe(401);

      expect((await gateway.admin('DELETE', '/admin/models/crud-model')).status).toBe(204);
      const anyKey = await addKey(gateway, 'crud-any');
      const missing = await apiErrorOf(
        gateway.openai(anyKey).chat.completions.create({ model: 'crud-model', messages }),
      );
      expect(missing.status).toBe(404);
      expect(missing.code).toBe('model_not_found');

      expect((await gateway.admin('DELETE', '/admin/providers/crud')).status).toBe(204);
      expectOpenAIError(await gateway.admin('GET', '/admin/providers/crud'), 404);
    });
  });

  describe('conflicts, missing entities, invalid bodies', () => {
    beforeAll(async () => {
      await gateway.adminOk('POST', '/admin/providers', {
        id: 'fixed',
        base_url: first.baseUrl,
      });
      await gateway.adminOk('POST', '/admin/models', {
        name: 'fixed-model',
        targets: [{ provider: 'fixed', model: 'm' }],
      });
      await addKey(gateway, 'fixed-key');
    });

    it.each([
      ['/admin/providers', { id: 'fixed', base_url: 'http://127.0.0.1:1/v1' }],
      ['/admin/models', { name: 'fixed-model', targets: [{ provider: 'fixed', model: 'x' }] }],
      ['/admin/keys', { name: 'fixed-key' }],
    ])('409 when POST %s names an existing entity', async (path, body) => {
      expectOpenAIError(await gateway.admin('POST', path, body), 409);
    });

    it.each([
      ['GET', '/admin/providers/nope'],
      ['DELETE', '/admin/providers/nope'],
      ['GET', '/admin/models/nope'],
      ['DELETE', '/admin/models/nope'],
      ['GET', '/admin/keys/nope'],
      ['DELETE', '/admin/keys/nope'],
    ])('404 for %s %s', async (method, path) => {
      expectOpenAIError(await gateway.admin(method, path), 404);
    });

    it('404 for PUT of a key that does not exist', async () => {
      expectOpenAIError(await gateway.admin('PUT', '/admin/keys/nope', { name: 'nope' }), 404);
    });

    it.each([
      [
        'an unknown field',
        '/admin/providers',
        { id: 'p2', base_url: 'http://x.test/v1', bogus: 1 },
        'bogus',
      ],
      [
        'a bad format value',
        '/admin/providers',
        { id: 'p3', format: 'cohere', base_url: 'http://x.test' },
        'format',
      ],
      [
        'a base_url that is not a URL',
        '/admin/providers',
        { id: 'p4', base_url: 'not a url' },
        'base_url',
      ],
      ['a missing id', '/admin/providers', { base_url: 'http://x.test/v1' }, 'id'],
      [
        'a target without model',
        '/admin/models',
        { name: 'm2', targets: [{ provider: 'fixed' }] },
        'model',
      ],
      ['a bad role', '/admin/keys', { name: 'k2', role: 'root' }, 'role'],
      ['a key shorter than 16 characters', '/admin/keys', { name: 'k3', key: 'short' }, 'key'],
    ])('400 for %s, naming the field', async (_case, path, body, field) => {
      const error = expectOpenAIError(await gateway.admin('POST', path, body), 400, {
        type: 'invalid_request_error',
      });
      expect(error.message).toContain(field);
    });

    it('400 when the body id does not match the path', async () => {
      const result = await gateway.admin('PUT', '/admin/providers/fixed', {
        id: 'other',
        base_url: first.baseUrl,
      });
      expectOpenAIError(result, 400, { param: 'id' });
      expect((await gateway.admin('GET', '/admin/providers/other')).status).toBe(404);
    });

    it('400 for a model whose target names an unknown provider', async () => {
      const result = await gateway.admin('POST', '/admin/models', {
        name: 'orphan',
        targets: [{ provider: 'no-such-provider', model: 'm' }],
      });
      const error = expectOpenAIError(result, 400, { code: 'provider_not_found' });
      expect(error.message).toContain('no-such-provider');
      expect((await gateway.admin('GET', '/admin/models/orphan')).status).toBe(404);
    });

    it('400 for malformed JSON', async () => {
      const response = await gateway.fetch('/admin/providers', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${gateway.adminKey}`,
          'content-type': 'application/json',
        },
        body: '{"id": ',
      });
      expectOpenAIError(await readResult(response), 400);
    });
  });

  describe('access', () => {
    it('403 for a user key', async () => {
      const userKey = await addKey(gateway, 'not-an-admin');
      const response = await gateway.fetch('/admin/providers', {
        headers: { authorization: `Bearer ${userKey}` },
      });
      expectOpenAIError(await readResult(response), 403, { type: 'permission_error' });
    });

    it('401 without a key', async () => {
      const response = await gateway.fetch('/admin/keys');
      expectOpenAIError(await readResult(response), 401);
    });

    it('an admin key created through the API can administer', async () => {
      const adminKey = await addKey(gateway, 'second-admin', { role: 'admin' });
      const response = await gateway.fetch('/admin/models', { headers: { 'x-api-key': adminKey } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(expect.any(Array));
    });
  });
});
