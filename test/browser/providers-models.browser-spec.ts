import type { Browser } from 'playwright-core';
import { DEFAULT_CONTENT, FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { launchBrowser, navigate, openConsole, PHONE, screenshot, signIn } from './support/browser';
import {
  addModelInUi,
  addProviderInUi,
  horizontalOverflow,
  rowOf,
  setTargetWeightInUi,
  testProviderInUi,
} from './support/console-steps';

interface ModelView {
  targets: { provider: string; model: string; weight: number; quota?: object }[];
}

/**
 * Providers and Models pages in a real browser against the real gateway: a provider and a model
 * made through the UI route a request sent with the openai SDK.
 */
describe('console providers and models', () => {
  let gateway: Gateway;
  let browser: Browser;
  let upstream: FakeOpenAI;

  beforeAll(async () => {
    [gateway, browser, upstream] = await Promise.all([
      startGateway(),
      launchBrowser(),
      startFakeOpenAI(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await upstream?.close();
  });

  it('creates and tests a provider, creates a model that routes, edits a weight, disables the provider', async () => {
    const { page, context, errors } = await openConsole(browser, gateway);
    await signIn(page, gateway.adminKey);
    await navigate(page, 'Providers');

    // Create the provider through the form.
    const row = await addProviderInUi(page, {
      id: 'fake-openai',
      format: 'openai',
      baseUrl: upstream.baseUrl,
      apiKey: 'sk-typed-in-the-console-0001',
    });
    const view = await gateway.adminOk<{ api_key: string }>('GET', '/admin/providers/fake-openai');
    expect(view.api_key).toBe('****0001');

    // Test: no target names a model yet, so the gateway asks for one; then with a model.
    const tested = await testProviderInUi(page, 'fake-openai', 'gpt-console-test');
    expect(tested).toContain(DEFAULT_CONTENT);
    expect(tested).toMatch(/HTTP 200 · \d+ ms · gpt-console-test/);
    const probe = upstream.chatRequests.at(-1)!;
    expect(probe.body?.model).toBe('gpt-console-test');
    expect(probe.headers.authorization).toBe('Bearer sk-typed-in-the-console-0001');

    // A model with one target on it, with a quota.
    await navigate(page, 'Models');
    await addModelInUi(page, 'console-model', [
      {
        provider: 'fake-openai',
        model: 'gpt-upstream',
        input: '1',
        output: '2',
        quotaRequests: '1000',
      },
    ]);

    // The openai SDK, with a key from the admin API, is routed to that target.
    const key = await addKey(gateway, 'console-sdk');
    const { data, response } = await gateway
      .openai(key)
      .chat.completions.create({
        model: 'console-model',
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    expect(data.choices[0].message.content).toBe(DEFAULT_CONTENT);
    expect(response.headers.get('x-switchboard-provider')).toBe('fake-openai');
    expect(upstream.chatRequests.at(-1)!.body?.model).toBe('gpt-upstream');

    // Its quota use shows on the page (status polled every 5 s).
    const modelRow = rowOf(page, 'console-model');
    await modelRow.getByText('1 / 1K requests').waitFor({ timeout: 15_000 });

    // Edit the target's weight.
    await setTargetWeightInUi(page, 'console-model', 1, 5, async (edit) => {
      await edit.getByText('1 / 1K requests').waitFor();
      await screenshot(page, 'model-editor');
    });
    expect(await modelRow.textContent()).toContain('p1 · w5');
    const model = await gateway.adminOk<ModelView>('GET', '/admin/models/console-model');
    expect(model.targets).toMatchObject([
      {
        provider: 'fake-openai',
        model: 'gpt-upstream',
        weight: 5,
        quota: { requests_per_period: 1000 },
      },
    ]);
    await screenshot(page, 'models');

    // The provider's health now has a latency; then disable it.
    await navigate(page, 'Providers');
    await row.getByText('closed').waitFor();
    await page.getByRole('button', { name: 'Test fake-openai' }).click();
    await page.getByRole('status').filter({ hasText: 'answered' }).waitFor();
    await screenshot(page, 'providers');
    await page.getByRole('button', { name: 'Disable fake-openai' }).click();
    await row.getByText('disabled').waitFor();
    await page.getByRole('button', { name: 'Enable fake-openai' }).waitFor();
    const disabled = await gateway.adminOk<{ enabled: boolean }>(
      'GET',
      '/admin/providers/fake-openai',
    );
    expect(disabled.enabled).toBe(false);

    // The browser logs the one 400 (the test without a model) as a failed resource: nothing else.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(errors).toHaveLength(1);
    await context.close();
  });

  it('both pages fit a phone screen, in the dark theme', async () => {
    const { page, context } = await openConsole(browser, gateway, {
      viewport: PHONE,
      colorScheme: 'dark',
    });
    await signIn(page, gateway.adminKey);
    for (const name of ['Providers', 'Models']) {
      await navigate(page, name);
      await page.getByRole('table').waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `${name.toLowerCase()}-phone-dark`);
    }
    await context.close();
  });
});
