import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { expectOpenAIError } from '../support/expect';
import { Gateway, startGateway } from '../support/gateway';

const PROVIDER_SECRET = 'sk-upstream-edits-secret-4321';
const messages = [{ role: 'user' as const, content: 'hi' }];

interface ProviderView {
  id: string;
  api_key: string | null;
  enabled: boolean;
  timeout_ms: number;
  headers: Record<string, string>;
}

interface KeyView {
  name: string;
  key_prefix: string;
  enabled: boolean;
  models: string[];
  limits?: { rpm?: number; tpm?: number };
  budget?: { usd: number };
}

/**
 * What the console edits: PATCH toggles and single fields without resending secrets, and
 * POST /admin/rules/validate checks a rule before it is saved.
 */
describe('admin edits: PATCH and rule validation', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
    await addProvider(gateway, 'p', upstream, {
      api_key: PROVIDER_SECRET,
      headers: { 'x-team': 'edits', 'x-api-token': 'header-secret-value-99' },
    });
    await addModel(gateway, 'm', [{ provider: 'p', model: 'up-1' }]);
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  beforeEach(() => upstream.reset());

  const chat = (key: string) =>
    gateway.openai(key).chat.completions.create({ model: 'm', messages });

  describe('PATCH /admin/providers/{id}', () => {
    it('changes only the fields given and keeps the stored secret and headers', async () => {
      const before = await gateway.adminOk<ProviderView>('GET', '/admin/providers/p');
      const off = await gateway.admin<ProviderView>('PATCH', '/admin/providers/p', {
        enabled: false,
      });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ enabled: false, timeout_ms: before.timeout_ms });
      expect(off.body.api_key).toBe(before.api_key);
      expect(off.body.headers).toEqual(before.headers);
      expect(JSON.stringify(off.body)).not.toContain(PROVIDER_SECRET);
      expect(JSON.stringify(off.body)).not.toContain('header-secret-value-99');

      // Its only target's provider is off: nothing is sent.
      await expect(chat(gateway.adminKey)).rejects.toMatchObject({ status: 502 });
      expect(upstream.requests).toHaveLength(0);

      const on = await gateway.adminOk<ProviderView>('PATCH', '/admin/providers/p', {
        enabled: true,
        timeout_ms: 45000,
      });
      expect(on).toMatchObject({ enabled: true, timeout_ms: 45000, api_key: before.api_key });
      await chat(gateway.adminKey);
      // The upstream still gets the secret and the unmasked header.
      expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);
      expect(upstream.requests[0].headers['x-api-token']).toBe('header-secret-value-99');
    });

    it('PUT without api_key keeps the stored secret too', async () => {
      await gateway.adminOk('PUT', '/admin/providers/p', {
        id: 'p',
        base_url: upstream.baseUrl,
        headers: { 'x-team': 'edits', 'x-api-token': 'header-secret-value-99' },
      });
      await chat(gateway.adminKey);
      expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);
    });

    it('keeps a secret header whose masked value is sent back with other header edits', async () => {
      // What the console's edit form does: the headers as GET shows them, one added.
      const shown = await gateway.adminOk<ProviderView>('GET', '/admin/providers/p');
      expect(shown.headers['x-api-token']).not.toBe('header-secret-value-99');
      const patched = await gateway.adminOk<ProviderView>('PATCH', '/admin/providers/p', {
        headers: { ...shown.headers, 'x-extra': 'one' },
      });
      expect(patched.headers).toEqual({ ...shown.headers, 'x-extra': 'one' });
      await chat(gateway.adminKey);
      expect(upstream.requests[0].headers['x-api-token']).toBe('header-secret-value-99');
      expect(upstream.requests[0].headers['x-extra']).toBe('one');

      upstream.reset();
      const put = await gateway.adminOk<ProviderView>('GET', '/admin/providers/p');
      await gateway.adminOk('PUT', '/admin/providers/p', {
        id: 'p',
        base_url: upstream.baseUrl,
        headers: { 'x-team': 'edits', 'x-api-token': put.headers['x-api-token'] },
      });
      await chat(gateway.adminKey);
      expect(upstream.requests[0].headers['x-api-token']).toBe('header-secret-value-99');

      // A new value replaces it.
      upstream.reset();
      await gateway.adminOk('PATCH', '/admin/providers/p', {
        headers: { 'x-team': 'edits', 'x-api-token': 'header-secret-value-100' },
      });
      await chat(gateway.adminKey);
      expect(upstream.requests[0].headers['x-api-token']).toBe('header-secret-value-100');
      await gateway.adminOk('PATCH', '/admin/providers/p', {
        headers: { 'x-team': 'edits', 'x-api-token': 'header-secret-value-99' },
      });
    });

    it('rejects unknown fields and the id, and 404s an unknown provider', async () => {
      expectOpenAIError(
        await gateway.admin('PATCH', '/admin/providers/p', { enabeld: false }),
        400,
      );
      expectOpenAIError(await gateway.admin('PATCH', '/admin/providers/p', { id: 'q' }), 400);
      expectOpenAIError(
        await gateway.admin('PATCH', '/admin/providers/p', { timeout_ms: -1 }),
        400,
      );
      expectOpenAIError(
        await gateway.admin('PATCH', '/admin/providers/nope', { enabled: false }),
        404,
      );
    });
  });

  describe('PATCH /admin/keys/{name}', () => {
    it('disables and re-enables a key without changing its secret', async () => {
      const key = await addKey(gateway, 'toggled', { limits: { rpm: 100 }, models: ['m'] });
      const off = await gateway.admin<KeyView>('PATCH', '/admin/keys/toggled', { enabled: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ enabled: false, models: ['m'], limits: { rpm: 100 } });
      expect(JSON.stringify(off.body)).not.toContain(key);
      await expect(chat(key)).rejects.toMatchObject({ status: 401 });

      await gateway.adminOk('PATCH', '/admin/keys/toggled', { enabled: true });
      await expect(chat(key)).resolves.toMatchObject({ object: 'chat.completion' });
    });

    it('null removes limits or a budget; a `key` replaces the secret', async () => {
      const old = await addKey(gateway, 'edited', { limits: { rpm: 5 }, budget: { usd: 1 } });
      const cleared = await gateway.adminOk<KeyView>('PATCH', '/admin/keys/edited', {
        limits: null,
      });
      expect(cleared.limits).toBeUndefined();
      expect(cleared.budget).toMatchObject({ usd: 1 });

      const replacement = 'sb-replacement-key-for-edited-0001';
      await gateway.adminOk('PATCH', '/admin/keys/edited', { key: replacement });
      await expect(chat(old)).rejects.toMatchObject({ status: 401 });
      await expect(chat(replacement)).resolves.toMatchObject({ object: 'chat.completion' });
    });

    it('PUT replaces the whole key: limits it leaves out are gone', async () => {
      await addKey(gateway, 'replaced', { limits: { rpm: 5 } });
      const put = await gateway.adminOk<KeyView>('PUT', '/admin/keys/replaced', {
        name: 'replaced',
      });
      expect(put.limits).toBeUndefined();
      const stored = await gateway.adminOk<KeyView>('GET', '/admin/keys/replaced');
      expect(stored.limits).toBeUndefined();
    });

    it('rejects unknown fields and the name, and 404s an unknown key', async () => {
      expectOpenAIError(await gateway.admin('PATCH', '/admin/keys/edited', { rol: 'admin' }), 400);
      expectOpenAIError(await gateway.admin('PATCH', '/admin/keys/edited', { name: 'x' }), 400);
      expectOpenAIError(await gateway.admin('PATCH', '/admin/keys/nope', { enabled: true }), 404);
    });
  });

  describe('POST /admin/rules/validate', () => {
    it('answers valid: true for an expression that compiles', async () => {
      const result = await gateway.admin('POST', '/admin/rules/validate', {
        when: 'TokenCount > 1000 && Headers["x-tier"] == "gold"',
      });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ valid: true });
    });

    it.each([
      ['a syntax error', 'TokenCount >'],
      ['an unknown variable', 'Tokens > 1000'],
      ['an expression that is not bool', 'TokenCount * 2'],
    ])('answers %s with the message a rule create gives', async (_, when) => {
      const result = await gateway.admin<{ valid: boolean; message: string }>(
        'POST',
        '/admin/rules/validate',
        { when },
      );
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ valid: false, message: expect.any(String) });
      const create = expectOpenAIError(
        await gateway.admin('POST', '/admin/rules', { when, targets: { p: 'x' } }),
        400,
      );
      expect(create.message).toContain(result.body.message);
    });

    it('is a 400 naming `when` without one', async () => {
      const error = expectOpenAIError(
        await gateway.admin('POST', '/admin/rules/validate', {}),
        400,
      );
      expect(error.message).toContain('when');
    });
  });
});
