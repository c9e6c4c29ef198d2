import OpenAI from 'openai';
import type { Browser } from 'playwright-core';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { launchBrowser, navigate, openConsole, PHONE, screenshot, signIn } from './support/browser';
import {
  addKeyInUi,
  closeKeyDialog,
  eventually,
  horizontalOverflow,
  rowOf,
  typeBrokenCondition,
} from './support/console-steps';

describe('console: Keys and Rules', () => {
  let gateway: Gateway;
  let browser: Browser;
  let upstream: FakeOpenAI;

  beforeAll(async () => {
    [gateway, browser, upstream] = await Promise.all([
      startGateway(),
      launchBrowser(),
      startFakeOpenAI(),
    ]);
    await addProvider(gateway, 'fake', upstream);
    await addProvider(gateway, 'backup', upstream);
    await addModel(gateway, 'smart', [
      { provider: 'fake', model: 'fake-large', priority: 1 },
      { provider: 'backup', model: 'fake-small', priority: 2 },
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await upstream?.close();
  });

  it('creates a key, shows it once, sees its use move, and disables it', async () => {
    const { page, context, errors } = await openConsole(browser, gateway);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: gateway.baseUrl,
    });
    await signIn(page, gateway.adminKey);
    await navigate(page, 'Keys');

    const { dialog, plaintext } = await addKeyInUi(page, {
      name: 'browser-client',
      models: 'smart',
      rpm: '60',
      tpm: '100000',
      budgetUsd: '5',
    });
    expect(await dialog.textContent()).toContain('will not be shown again');
    expect(plaintext.length).toBeGreaterThanOrEqual(16);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(plaintext);
    await screenshot(page, 'key-created');
    await closeKeyDialog(dialog);
    expect(await page.content()).not.toContain(plaintext);

    // The copied key works with the official SDK.
    const client = gateway.openai(plaintext);
    const answer = await client.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(answer.choices[0].message.content).toBeTruthy();

    // Its use shows up in the list by itself (polled), as "1 / 60" with a bar.
    const row = rowOf(page, 'browser-client');
    const rpm = row.getByRole('meter', { name: 'Requests per minute of browser-client' });
    await eventually(
      async () => (await rpm.getAttribute('aria-valuenow')) === '1',
      'the key list to show 1 request this minute',
    );
    expect(await row.textContent()).toContain('1 / 60');
    const tpm = row.getByRole('meter', { name: 'Tokens per minute of browser-client' });
    expect(Number(await tpm.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    await screenshot(page, 'keys');

    await row.getByRole('button', { name: 'Disable browser-client' }).click();
    await row.getByRole('button', { name: 'Enable browser-client' }).waitFor();
    expect(await row.textContent()).toContain('disabled');
    const refused = await client.chat.completions
      .create({ model: 'smart', messages: [{ role: 'user', content: 'again' }] })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(401);

    // Deleting asks first, then the key is gone from the list.
    await row.getByRole('button', { name: 'Delete browser-client' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete key “browser-client”?' });
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await page.getByRole('rowheader', { name: /browser-client/ }).waitFor({ state: 'detached' });
    const keys = await gateway.adminOk<{ name: string }[]>('GET', '/admin/keys');
    expect(keys.map((k) => k.name)).not.toContain('browser-client');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a condition that does not compile before saving, saves a valid rule, and explains a request', async () => {
    const { page, context, errors } = await openConsole(browser, gateway);
    await signIn(page, gateway.adminKey);
    await navigate(page, 'Rules');

    // The page shows the message the gateway's parser gives for it (what a rule create would
    // answer 400 with).
    const {
      field: condition,
      alert: parserMessage,
      validated: expected,
      save,
    } = await typeBrokenCondition(page, gateway, 'TokenCount > ');
    expect(expected.valid).toBe(false);
    expect(await parserMessage.textContent()).toBe(expected.message);
    expect(await condition.getAttribute('aria-invalid')).toBe('true');
    expect(await save.isDisabled()).toBe(true);

    await condition.fill('"x-team" in Headers && Headers["x-team"] == "b"');
    await page.getByText('The condition compiles.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByLabel('Applies to').selectOption('smart');
    await page.getByLabel('Provider 1').fill('backup');
    await page.getByLabel('Upstream model 1').fill('fake-small');
    await save.click();
    await page.getByRole('button', { name: 'Edit smart rule 1' }).waitFor();
    const stored = await gateway.adminOk<{ model: string | null; when: string }[]>(
      'GET',
      '/admin/rules',
    );
    expect(stored).toEqual([
      expect.objectContaining({
        model: 'smart',
        when: '"x-team" in Headers && Headers["x-team"] == "b"',
      }),
    ]);
    await screenshot(page, 'rules');

    const panel = page.getByRole('region', { name: 'Explain' });
    await panel.getByLabel('Model', { exact: true }).fill('smart');
    await panel.getByLabel(/Headers/).fill('x-team: b');
    await panel.getByRole('button', { name: 'Explain' }).click();
    const result = page.getByRole('region', { name: 'Explanation' });
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('model rule 1: "x-team" in Headers && Headers["x-team"] == "b"');
    expect(text).toContain('first to backup/fake-small');
    expect(
      await result.getByRole('list', { name: 'Order' }).getByRole('listitem').allTextContents(),
    ).toEqual(['backup / fake-small']);
    await screenshot(page, 'explain');

    // Without the header the rule does not match: the model's own order.
    await panel.getByLabel(/Headers/).fill('');
    await panel.getByRole('button', { name: 'Explain' }).click();
    await result.getByText('none: the model’s own targets and strategy').waitFor();
    expect(
      await result.getByRole('list', { name: 'Order' }).getByRole('listitem').allTextContents(),
    ).toEqual(['fake / fake-large', 'backup / fake-small']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Keys and Rules fit a phone screen in the dark theme', async () => {
    const { page, context, errors } = await openConsole(browser, gateway, {
      viewport: PHONE,
      colorScheme: 'dark',
    });
    await signIn(page, gateway.adminKey);
    for (const name of ['Keys', 'Rules']) {
      await navigate(page, name);
      await page.getByRole('button', { name: name === 'Keys' ? 'Add key' : 'Add rule' }).click();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
