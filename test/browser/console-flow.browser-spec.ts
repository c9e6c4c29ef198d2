import type { Browser } from 'playwright-core';
import { DEFAULT_CONTENT, FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { Gateway, startGateway } from '../support/gateway';
import { launchBrowser, navigate, openConsole, screenshot, signIn } from './support/browser';
import {
  addKeyInUi,
  addModelInUi,
  addProviderInUi,
  closeKeyDialog,
  lastHourTotals,
  rowCount,
  sendInPlayground,
  setTargetWeightInUi,
  testProviderInUi,
  tilesSettle,
  typeBrokenCondition,
} from './support/console-steps';

interface ModelView {
  targets: { provider: string; model: string; weight: number }[];
}

/**
 * Issue 11's story as one operator session in a real browser, against the real gateway,
 * Postgres and a fake OpenAI upstream: nothing is set up through the admin API, every provider,
 * model and key is made in the console, and the key is then used with the official openai SDK.
 * The admin API is only read, to check what the console shows.
 */
describe('console: the whole flow, as one operator session', () => {
  let gateway: Gateway;
  let browser: Browser;
  let upstream: FakeOpenAI;

  beforeAll(async () => {
    [gateway, browser, upstream] = await Promise.all([
      startGateway(),
      launchBrowser(),
      startFakeOpenAI(),
    ]);
    upstream.behave({ usage: { prompt_tokens: 1200, completion_tokens: 300 } });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await upstream?.close();
  });

  it('signs in, makes a provider, a model and a key, and follows a request through every page', async () => {
    // 1. Opening / lands on the sign-in form; the admin key signs in (Overview first).
    const { page, context, errors } = await openConsole(browser, gateway);
    expect(new URL(page.url()).pathname).toBe('/dashboard/');
    await page.getByLabel('Admin key').waitFor();
    await signIn(page, gateway.adminKey);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await screenshot(page, 'flow-1-signed-in');

    // 2. A provider pointing at the fake upstream, and its test answered by that upstream.
    await navigate(page, 'Providers');
    await addProviderInUi(page, {
      id: 'flow-openai',
      format: 'openai',
      baseUrl: upstream.baseUrl,
      apiKey: 'sk-flow-typed-in-the-console-42',
    });
    const tested = await testProviderInUi(page, 'flow-openai', 'gpt-flow-probe');
    expect(tested).toContain(DEFAULT_CONTENT);
    expect(upstream.chatRequests.at(-1)).toMatchObject({
      body: { model: 'gpt-flow-probe' },
      headers: { authorization: 'Bearer sk-flow-typed-in-the-console-42' },
    });
    await screenshot(page, 'flow-2-provider');

    // 3. A model with one priced target on it.
    await navigate(page, 'Models');
    await addModelInUi(page, 'flow-chat', [
      { provider: 'flow-openai', model: 'gpt-flow-upstream', input: '2.5', output: '10' },
    ]);
    await screenshot(page, 'flow-3-model');

    // 4. A key, shown once; then the dialog is closed and the plaintext is gone from the page.
    await navigate(page, 'Keys');
    const { dialog, plaintext } = await addKeyInUi(page, { name: 'flow-client', models: '*' });
    expect(plaintext.length).toBeGreaterThanOrEqual(16);
    await screenshot(page, 'flow-4-key-created');
    await closeKeyDialog(dialog);
    expect(await page.content()).not.toContain(plaintext);

    // That key is a user key: the console refuses it (in a second, fresh browser context).
    const other = await openConsole(browser, gateway);
    await signIn(other.page, plaintext);
    await expect(other.page.getByRole('alert').textContent()).resolves.toContain(
      'not an admin key',
    );
    expect(await other.page.getByRole('navigation', { name: 'Console' }).count()).toBe(0);
    await other.context.close();

    // 5 and 6. Logs is open, with live tail on, while the SDK sends with the new key.
    await navigate(page, 'Logs');
    await page.getByText('No requests match these filters in this range yet.').waitFor();
    expect(await page.getByLabel('Live tail').isChecked()).toBe(true);
    await page.evaluate('window.flowMark = 1'); // a reload would wipe it

    const probes = upstream.chatRequests.length;
    const { data, response } = await gateway
      .openai(plaintext)
      .chat.completions.create({
        model: 'flow-chat',
        messages: [{ role: 'user', content: 'Hello through the console flow' }],
      })
      .withResponse();
    expect(data.choices[0].message.content).toBe(DEFAULT_CONTENT);
    expect(response.headers.get('x-switchboard-provider')).toBe('flow-openai');
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toBeTruthy();
    // Served by the fake, asked for the target's upstream model.
    expect(upstream.chatRequests).toHaveLength(probes + 1);
    expect(upstream.chatRequests.at(-1)!.body).toMatchObject({
      model: 'gpt-flow-upstream',
      messages: [{ role: 'user', content: 'Hello through the console flow' }],
    });

    const table = page.getByRole('table', { name: 'Requests' });
    await expect(rowCount(table.locator('tbody tr'), 1, 15_000)).resolves.toBe(1);
    expect(await page.evaluate('window.flowMark')).toBe(1);
    const row = table.locator('tbody tr').first();
    expect(await row.textContent()).toContain('flow-client');
    expect(await row.textContent()).toContain('flow-chat');
    await screenshot(page, 'flow-6-logs');

    await table.getByRole('link', { name: new RegExp(`request ${requestId}$`) }).click();
    const detail = page.getByRole('dialog', { name: 'Request details' });
    await detail.getByText(requestId, { exact: true }).waitFor();
    const attempts = detail.getByRole('table', { name: 'Attempts' }).locator('tbody tr');
    await expect(attempts.allTextContents()).resolves.toEqual([
      expect.stringContaining('flow-openai'),
    ]);
    await screenshot(page, 'flow-6-log-detail');
    await detail.getByRole('button', { name: 'Close' }).click();
    await detail.waitFor({ state: 'detached' });

    // 7. Overview: the tiles equal GET /usage's totals for the same range (one priced request).
    await navigate(page, 'Overview');
    const totals = await lastHourTotals(page, gateway);
    expect(totals.requests).toBe(1);
    // 1200 × $2.5/M + 300 × $10/M
    expect(totals.cost_usd).toBeCloseTo(0.006, 9);
    const shown = await tilesSettle(page, { Requests: totals.requests, Cost: totals.cost_usd });
    expect(shown.Requests).toBe(totals.requests);
    expect(shown.Cost).toBeCloseTo(totals.cost_usd, 9);
    await page.mouse.move(0, 0); // no tooltip in the picture
    await screenshot(page, 'flow-7-overview');

    // 8. The target's weight, edited in the UI, is what the admin API reads back.
    await navigate(page, 'Models');
    await setTargetWeightInUi(page, 'flow-chat', 1, 7);
    const model = await gateway.adminOk<ModelView>('GET', '/admin/models/flow-chat');
    expect(model.targets).toMatchObject([
      { provider: 'flow-openai', model: 'gpt-flow-upstream', weight: 7 },
    ]);

    // 9. A condition that does not parse: the parser's message shows, and Save waits.
    await navigate(page, 'Rules');
    const broken = await typeBrokenCondition(page, gateway, 'Model == "flow-chat" &&');
    expect(broken.validated.valid).toBe(false);
    expect(broken.validated.message).toBeTruthy();
    expect(await broken.alert.textContent()).toBe(broken.validated.message);
    expect(await broken.field.getAttribute('aria-invalid')).toBe('true');
    expect(await broken.save.isDisabled()).toBe(true);
    await screenshot(page, 'flow-9-rule-error');

    // 10. Playground: a streamed answer, shown as it arrives.
    let release!: () => void;
    const resume = new Promise<void>((resolve) => (release = resolve));
    upstream.behave({
      content: 'Streaming through the console works.',
      usage: { prompt_tokens: 12, completion_tokens: 5 },
      pauseAfterEvents: 3, // the role chunk and two words, then wait for the test
      resume,
    });
    await navigate(page, 'Playground');
    expect(await page.getByLabel('Stream', { exact: true }).isChecked()).toBe(true);
    const answer = await sendInPlayground(page, { model: 'flow-chat', message: 'Stream please' });
    await answer.getByText('Streaming through', { exact: true }).waitFor();
    expect(await answer.getByRole('status').textContent()).toBe('Streaming…');
    release();
    await answer.getByText('Streaming through the console works.', { exact: true }).waitFor();
    await answer.getByText('Done (finish reason: stop).').waitFor();
    expect(upstream.chatRequests.at(-1)!.body).toMatchObject({
      model: 'gpt-flow-upstream',
      stream: true,
      messages: [{ role: 'user', content: 'Stream please' }],
    });
    await screenshot(page, 'flow-10-playground');

    // The one error the browser logged is the first provider test's 400 (no model to ask for).
    expect(errors).toEqual([expect.stringContaining('status of 400')]);
    await context.close();
  });
});
