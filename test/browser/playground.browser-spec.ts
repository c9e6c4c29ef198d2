import type { Browser, Page } from 'playwright-core';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { launchBrowser, navigate, openConsole, PHONE, screenshot, signIn } from './support/browser';
import { horizontalOverflow, sendInPlayground } from './support/console-steps';

interface UsageRows {
  data: { request_id: string; provider: string; attempts: number; cost_usd: number }[];
}

describe('console Playground', () => {
  let gateway: Gateway;
  let browser: Browser;
  let broken: FakeOpenAI;
  let good: FakeOpenAI;

  beforeAll(async () => {
    [gateway, browser, broken, good] = await Promise.all([
      startGateway(),
      launchBrowser(),
      startFakeOpenAI(),
      startFakeOpenAI(),
    ]);
    // The first target fails once, so the answer comes from the second on attempt 2.
    const noRetry = {
      retries: 0,
      circuit_breaker: { failure_threshold: 1000, error_rate: 1, min_requests: 1000 },
    };
    await addProvider(gateway, 'flaky', broken, noRetry);
    await addProvider(gateway, 'steady', good, noRetry);
    await addModel(gateway, 'playground-chat', [
      { provider: 'flaky', model: 'flaky-model', priority: 1 },
      // $1 and $2 per 1M prompt and completion tokens.
      { provider: 'steady', model: 'steady-model', priority: 2, price: { input: 1, output: 2 } },
    ]);
    await addModel(gateway, 'other-chat', [{ provider: 'steady', model: 'other-model' }]);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await Promise.all([broken?.close(), good?.close()]);
  });

  beforeEach(() => {
    broken.reset();
    good.reset();
    broken.behave({ fail: { status: 500, message: 'upstream exploded' } });
  });

  /** The value of a tile of the Served by panel. */
  const tile = (page: Page, label: string) =>
    page
      .getByRole('region', { name: 'Served by' })
      .locator('div.tile', { has: page.locator('dt', { hasText: label }) })
      .locator('dd');

  async function openPlayground(options: Parameters<typeof openConsole>[2] = {}) {
    const opened = await openConsole(browser, gateway, options);
    await signIn(opened.page, gateway.adminKey);
    await navigate(opened.page, 'Playground');
    return opened;
  }

  it('streams an answer as it arrives, then shows provider, upstream model, attempts, tokens, cost and latency', async () => {
    let release!: () => void;
    const resume = new Promise<void>((resolve) => (release = resolve));
    good.behave({
      content: 'The quick brown fox jumps over the lazy dog.',
      usage: { prompt_tokens: 21, completion_tokens: 9 },
      answerModel: 'steady-model-2025-01-01',
      // The role chunk and two words, then nothing until the test releases the rest.
      pauseAfterEvents: 3,
      resume,
    });
    const { page, context, errors } = await openPlayground();

    const answer = await sendInPlayground(page, {
      model: 'playground-chat',
      system: 'Answer with one sentence.',
      message: 'Show me a pangram.',
    });
    await answer.getByText('The quick', { exact: true }).waitFor();
    expect(await answer.getByRole('status').textContent()).toBe('Streaming…');
    expect(await page.getByRole('button', { name: 'Stop' }).isEnabled()).toBe(true);
    expect(await answer.getByText('lazy dog').count()).toBe(0);

    release();
    await answer.getByText('The quick brown fox jumps over the lazy dog.').waitFor();
    await answer.getByText('Done (finish reason: stop).').waitFor();

    // What the gateway sent upstream: the system prompt, the message, usage asked for.
    const sent = good.chatRequests[0].body!;
    expect(sent.model).toBe('steady-model');
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Answer with one sentence.' },
      { role: 'user', content: 'Show me a pangram.' },
    ]);
    expect(broken.chatRequests).toHaveLength(1);

    expect(await tile(page, 'Provider').textContent()).toBe('steady');
    expect(await tile(page, 'Upstream model').textContent()).toBe('steady-model-2025-01-01');
    expect(await tile(page, 'Attempts').textContent()).toBe('2');
    expect(await tile(page, 'Input tokens').textContent()).toBe('21');
    expect(await tile(page, 'Output tokens').textContent()).toBe('9');
    // 21 × $1/M + 9 × $2/M, from the usage row once the gateway has written it.
    await page
      .getByRole('region', { name: 'Served by' })
      .getByText('$0.000039', { exact: true })
      .waitFor();
    expect(await tile(page, 'Latency').textContent()).toMatch(/^\d+ ms$/);
    expect(await tile(page, 'Time to first token').textContent()).toMatch(/^\d+ ms$/);

    // The request id shown is the usage row's, and the row says the same.
    const requestId = await page
      .getByRole('region', { name: 'Served by' })
      .locator('code')
      .textContent();
    const rows = await gateway.adminOk<UsageRows>(
      'GET',
      `/usage?request_id=${encodeURIComponent(requestId!)}`,
    );
    expect(rows.data).toMatchObject([{ provider: 'steady', attempts: 2, cost_usd: 0.000039 }]);

    await screenshot(page, 'playground');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Stop aborts the stream: the gateway drops the upstream request', async () => {
    good.behave({ content: 'one two three four five', hangAfterEvents: 3 });
    const { page, context } = await openPlayground();
    const answer = await sendInPlayground(page, { model: 'other-chat', message: 'Count slowly.' });
    await answer.getByText('one two', { exact: true }).waitFor();
    const aborted = good.nextAbort();
    await page.getByRole('button', { name: 'Stop' }).click();
    await answer.getByText('Stopped: the request was aborted.').waitFor();
    expect((await aborted).body?.model).toBe('other-model');
    expect(await answer.getByText('one two', { exact: true }).count()).toBe(1);
    await context.close();
  });

  it("shows the gateway's error message (on a phone, in the dark theme)", async () => {
    good.behave({ fail: { status: 400, message: "Unsupported value: 'temperature' is 1.7" } });
    const { page, context } = await openPlayground({ viewport: PHONE, colorScheme: 'dark' });
    await page.getByLabel('Model', { exact: true }).selectOption('other-chat');
    await page.getByLabel('Message 1', { exact: true }).fill('Hi');
    await page.getByLabel('Stream', { exact: true }).uncheck();
    await page.getByLabel('Temperature', { exact: true }).fill('1.7');
    await page.getByRole('button', { name: 'Send' }).click();
    const alert = page.getByRole('region', { name: 'Answer' }).getByRole('alert');
    await expect(alert.textContent()).resolves.toContain("Unsupported value: 'temperature' is 1.7");
    expect(good.chatRequests[0].body).toMatchObject({ temperature: 1.7 });
    expect(good.chatRequests[0].body?.stream).toBeUndefined();
    // Nothing wider than the phone.
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'playground-phone');
    await context.close();
  });
});
