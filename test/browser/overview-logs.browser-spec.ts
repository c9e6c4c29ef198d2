import type OpenAI from 'openai';
import type { Browser } from 'playwright-core';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { waitForUsageRows } from '../support/usage';
import { launchBrowser, navigate, openConsole, PHONE, screenshot, signIn } from './support/browser';
import {
  horizontalOverflow,
  lastHourTotals,
  rowCount,
  tilesSettle,
  totalsTile,
} from './support/console-steps';

const messages = [{ role: 'user' as const, content: 'how much does this cost?' }];
const noRetry = {
  retries: 0,
  circuit_breaker: { failure_threshold: 1000, error_rate: 1, min_requests: 1000 },
};

/** Overview and Logs against the real gateway, Postgres and fake upstreams. */
describe('console Overview and Logs', () => {
  let gateway: Gateway;
  let browser: Browser;
  let good: FakeOpenAI;
  let broken: FakeOpenAI;
  let client: OpenAI;

  /** Send one chat completion as a user does; resolves with its x-request-id. */
  async function chat(model: string, stream = false): Promise<string> {
    if (stream) {
      const { data, response } = await client.chat.completions
        .create({ model, messages, stream: true, stream_options: { include_usage: true } })
        .withResponse();
      for await (const chunk of data) void chunk;
      return response.headers.get('x-request-id')!;
    }
    const { response } = await client.chat.completions.create({ model, messages }).withResponse();
    return response.headers.get('x-request-id')!;
  }

  beforeAll(async () => {
    [good, broken] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
    good.behave({ usage: { prompt_tokens: 1200, completion_tokens: 300, cached_tokens: 0 } });
    broken.behave({ fail: { status: 503, message: 'upstream is down for maintenance' } });
    [gateway, browser] = await Promise.all([startGateway(), launchBrowser()]);
    await addProvider(gateway, 'good-upstream', good, noRetry);
    await addProvider(gateway, 'broken-upstream', broken, noRetry);
    const price = { input: 2.5, output: 10 };
    await addModel(gateway, 'console-chat', [
      { provider: 'good-upstream', model: 'gpt-4o-mini', price },
    ]);
    await addModel(gateway, 'console-failover', [
      { provider: 'broken-upstream', model: 'flaky-model', priority: 1, price },
      { provider: 'good-upstream', model: 'gpt-4o', priority: 2, price },
    ]);
    client = gateway.openai(await addKey(gateway, 'console-team'));
    await chat('console-chat');
    await chat('console-chat', true);
    await chat('console-chat');
    await waitForUsageRows(gateway.db, 3);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await Promise.all([good, broken].map((f) => f?.close()));
  });

  it('Logs: rows arrive by the live tail without a reload; a row opens with its attempts', async () => {
    const { page, context, errors } = await openConsole(browser, gateway);
    await signIn(page, gateway.adminKey);
    await navigate(page, 'Logs');
    const table = page.getByRole('table', { name: 'Requests' });
    const rows = table.locator('tbody tr');
    await expect(rowCount(rows, 3)).resolves.toBe(3);
    expect(await page.getByLabel('Live tail').isChecked()).toBe(true);
    await expect(rows.first().textContent()).resolves.toContain('console-team');
    await screenshot(page, 'logs');

    // A mark in the page's JS world: a reload would wipe it.
    await page.evaluate('window.mark = 42');
    const requestId = await chat('console-failover');
    await expect(rowCount(rows, 4)).resolves.toBe(4);
    await expect(rows.first().textContent()).resolves.toContain('console-failover');
    expect(await page.evaluate('window.mark')).toBe(42);

    await table.getByRole('link', { name: new RegExp(`request ${requestId}$`) }).click();
    const dialog = page.getByRole('dialog', { name: 'Request details' });
    await dialog.getByText(requestId).waitFor();
    expect(new URL(page.url()).searchParams.get('id')).toMatch(/^\d+$/);
    const attempts = dialog.getByRole('table', { name: 'Attempts' }).locator('tbody tr');
    await expect(attempts.count()).resolves.toBe(2);
    const [first, second] = await attempts.allTextContents();
    expect(first).toContain('broken-upstream');
    expect(first).toContain('503');
    expect(second).toContain('good-upstream');
    expect(second).toContain('200');
    await screenshot(page, 'log-detail');

    // The detail is reachable by its URL too.
    const detailUrl = page.url();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.goto(detailUrl);
    await page.getByRole('dialog', { name: 'Request details' }).getByText(requestId).waitFor();

    // A filter goes to GET /usage: only the failover model's row is left.
    await page.keyboard.press('Escape');
    await page.getByLabel('Model').fill('console-failover');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(rowCount(rows, 1)).resolves.toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Overview: the tiles equal GET /usage totals for the same range', async () => {
    const { page, context, errors } = await openConsole(browser, gateway);
    await signIn(page, gateway.adminKey);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const totals = await lastHourTotals(page, gateway);
    expect(totals.requests).toBe(4);
    expect(totals.cost_usd).toBeGreaterThan(0);
    const expected = {
      Requests: totals.requests,
      'Input tokens': totals.prompt_tokens,
      'Output tokens': totals.completion_tokens,
      Cost: totals.cost_usd,
    };
    // The tiles show that answer once React has rendered it.
    const shown = await tilesSettle(page, expected);
    expect(shown.Requests).toBe(totals.requests);
    expect(shown['Input tokens']).toBe(totals.prompt_tokens);
    expect(shown['Output tokens']).toBe(totals.completion_tokens);
    expect(shown.Cost).toBeCloseTo(totals.cost_usd, 9);
    await expect(totalsTile(page, 'Error rate')).resolves.toBe(0);

    // Charts are drawn (one bar per bucket with requests), and the top tables list the model.
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    const models = page.getByRole('table', { name: 'Top models' });
    await expect(models.getByRole('rowheader').allTextContents()).resolves.toEqual([
      'console-chat',
      'console-failover',
    ]);
    await expect(
      page.getByRole('table', { name: 'Top keys' }).getByRole('rowheader').allTextContents(),
    ).resolves.toEqual(['console-team']);

    await page.getByLabel('Split by').selectOption({ label: 'Provider' });
    await page.getByText('good-upstream').first().waitFor();
    await page.mouse.move(0, 0); // no tooltip in the picture
    await screenshot(page, 'overview');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('both pages fit a phone screen in the dark theme', async () => {
    const { page, context, errors } = await openConsole(browser, gateway, {
      viewport: PHONE,
      colorScheme: 'dark',
    });
    await signIn(page, gateway.adminKey);
    for (const name of ['Overview', 'Logs']) {
      await navigate(page, name);
      await page
        .getByRole(name === 'Logs' ? 'table' : 'region', {
          name: name === 'Logs' ? 'Requests' : 'Totals',
        })
        .waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `${name.toLowerCase()}-phone-dark`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
