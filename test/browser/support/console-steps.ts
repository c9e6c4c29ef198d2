import type { Locator, Page } from 'playwright-core';
import type { Gateway } from '../../support/gateway';
import type { UsageResponse } from '../../../src/usage/usage-query';

/**
 * What an operator does on the console, step by step, through the same labels and roles a
 * person (or a screen reader) uses. The browser specs share these so that each step is written
 * once; the waits poll a condition, never sleep for a fixed time.
 */

/** Poll until `check` holds (the console polls the gateway every few seconds). */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Read `read` until it equals what `done` wants or time runs out; resolves with the last read. */
async function settle<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Wait until the locator matches `count` elements; resolves with the count it settled on. */
export function rowCount(rows: Locator, count: number, timeoutMs = 10_000): Promise<number> {
  return settle(
    () => rows.count(),
    (n) => n === count,
    timeoutMs,
  );
}

/** The table row whose row header is `name` (providers, models, keys). */
export function rowOf(page: Page, name: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
}

/** How far the page scrolls sideways (0 when it fits the screen). */
export function horizontalOverflow(page: Page): Promise<number> {
  // An expression: the page's DOM, not Node's.
  return page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
}

export interface ProviderFields {
  id: string;
  format: string;
  baseUrl: string;
  apiKey: string;
}

/** Providers page: Add provider, fill the form, save; resolves once the row shows it enabled. */
export async function addProviderInUi(page: Page, fields: ProviderFields): Promise<Locator> {
  await page.getByRole('button', { name: 'Add provider' }).click();
  const form = page.getByRole('dialog', { name: 'Add provider' });
  await form.getByLabel('ID').fill(fields.id);
  await form.getByLabel('Format').selectOption(fields.format);
  await form.getByLabel('Base URL').fill(fields.baseUrl);
  await form.getByLabel('API key').fill(fields.apiKey);
  await form.getByRole('button', { name: 'Add provider' }).click();
  await form.waitFor({ state: 'detached' });
  const row = rowOf(page, fields.id);
  await row.getByText('enabled').waitFor();
  return row;
}

/**
 * Providers page: Test a provider that no model names yet. The first probe has no model to ask
 * for (the gateway says so: the one 400 the browser logs); then Test again with `model`.
 * Resolves with the OK result's text.
 */
export async function testProviderInUi(page: Page, id: string, model: string): Promise<string> {
  await page.getByRole('button', { name: `Test ${id}` }).click();
  const needsModel = page.getByRole('alert').first();
  await needsModel.waitFor();
  if (!/model/i.test((await needsModel.textContent()) ?? '')) {
    throw new Error(`the first test did not ask for a model: ${await needsModel.textContent()}`);
  }
  await page.getByLabel('Test model').fill(model);
  await page.getByRole('button', { name: 'Test again' }).click();
  const answer = page.getByRole('status').filter({ hasText: 'answered' });
  await answer.waitFor();
  return (await answer.textContent()) ?? '';
}

export interface TargetFields {
  provider: string;
  model: string;
  /** $ per 1M tokens, typed as the form shows them. */
  input?: string;
  output?: string;
  quotaRequests?: string;
}

/** Models page: Add model with these targets, save; resolves once its row is listed. */
export async function addModelInUi(page: Page, name: string, targets: TargetFields[]) {
  await page.getByRole('button', { name: 'Add model' }).click();
  const editor = page.getByRole('dialog', { name: 'Add model' });
  await editor.getByLabel('Name').fill(name);
  for (const [i, target] of targets.entries()) {
    const n = i + 1;
    await editor.getByRole('button', { name: 'Add target' }).click();
    await editor.getByLabel(`Provider, target ${n}`).selectOption(target.provider);
    await editor.getByLabel(`Upstream model, target ${n}`).fill(target.model);
    if (target.input) await editor.getByLabel(`Input $/1M, target ${n}`).fill(target.input);
    if (target.output) await editor.getByLabel(`Output $/1M, target ${n}`).fill(target.output);
    if (target.quotaRequests) {
      await editor.getByLabel(`Quota requests, target ${n}`).fill(target.quotaRequests);
    }
  }
  await editor.getByRole('button', { name: 'Add model' }).click();
  await editor.waitFor({ state: 'detached' });
  await page.getByRole('rowheader', { name }).waitFor();
}

/**
 * Models page: Edit a model, set target `n`'s weight, save; resolves once the row shows it.
 * `whileOpen` runs with the editor open, before the weight is typed (to look at it).
 */
export async function setTargetWeightInUi(
  page: Page,
  name: string,
  n: number,
  weight: number,
  whileOpen?: (editor: Locator) => Promise<void>,
) {
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit model ${name}` });
  await whileOpen?.(edit);
  await edit.getByLabel(`Weight, target ${n}`).fill(String(weight));
  await edit.getByRole('button', { name: 'Save model' }).click();
  await edit.waitFor({ state: 'detached' });
  await rowOf(page, name).getByText(`w${weight}`).waitFor();
}

export interface KeyFields {
  name: string;
  models?: string;
  rpm?: string;
  tpm?: string;
  budgetUsd?: string;
}

/**
 * Keys page: Add key, fill the form, Create key. Resolves with the once-shown dialog (still
 * open) and the plaintext key it shows.
 */
export async function addKeyInUi(
  page: Page,
  fields: KeyFields,
): Promise<{ dialog: Locator; plaintext: string }> {
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Name').fill(fields.name);
  if (fields.models) await page.getByLabel('Models').fill(fields.models);
  if (fields.rpm) await page.getByLabel('Requests per minute').fill(fields.rpm);
  if (fields.tpm) await page.getByLabel('Tokens per minute').fill(fields.tpm);
  if (fields.budgetUsd) await page.getByLabel('Budget (USD)').fill(fields.budgetUsd);
  await page.getByRole('button', { name: 'Create key' }).click();
  const dialog = page.getByRole('dialog', { name: `Key “${fields.name}” created` });
  await dialog.waitFor();
  return { dialog, plaintext: await dialog.getByLabel('New key').inputValue() };
}

/** Keys page: close the once-shown key dialog with Done. */
export async function closeKeyDialog(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Rules page: Add rule and type `condition`; resolves with the alert the page shows (the
 * parser's message) and what POST /admin/rules/validate says of the same condition.
 */
export async function typeBrokenCondition(page: Page, gateway: Gateway, condition: string) {
  await page.getByRole('button', { name: 'Add rule' }).click();
  const field = page.getByLabel('Condition (CEL)');
  await field.fill(condition);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const validated = await gateway.adminOk<{ valid: boolean; message: string }>(
    'POST',
    '/admin/rules/validate',
    // The page checks the condition as a rule would store it: trimmed.
    { when: condition.trim() },
  );
  return { field, alert, validated, save: page.getByRole('button', { name: 'Save rule' }) };
}

/** The raw value of a totals tile on the Overview. */
export async function totalsTile(page: Page, name: string): Promise<number> {
  const value = await page
    .getByRole('region', { name: 'Totals' })
    .getByRole('group', { name, exact: true })
    .locator('data')
    .getAttribute('value');
  return Number(value);
}

/** Read the named tiles until they show `expected` (or time runs out); resolves with the last read. */
export async function tilesSettle(
  page: Page,
  expected: Record<string, number>,
  timeoutMs = 10_000,
): Promise<Record<string, number>> {
  const names = Object.keys(expected);
  return settle(
    async () => {
      const read: Record<string, number> = {};
      for (const name of names) read[name] = await totalsTile(page, name);
      return read;
    },
    (read) => names.every((k) => Math.abs(read[k] - expected[k]) < 1e-9),
    timeoutMs,
  );
}

/**
 * Overview page: choose "Last hour" and resolve with GET /usage's totals for the very range the
 * page asked the gateway for (read from its timeseries request).
 */
export async function lastHourTotals(page: Page, gateway: Gateway) {
  const asked = page.waitForResponse(
    (r) =>
      r.url().includes('/usage/timeseries?') &&
      new URL(r.url()).searchParams.get('bucket') === 'minute',
  );
  await page.getByLabel('Range').selectOption({ label: 'Last hour' });
  const url = new URL((await asked).url());
  const range = ['from', 'to']
    .map((p) => `${p}=${encodeURIComponent(url.searchParams.get(p)!)}`)
    .join('&');
  const { totals } = await gateway.adminOk<UsageResponse>('GET', `/usage?${range}&limit=1`);
  return totals;
}

/** Playground: choose the model, type one message and Send (streamed unless told otherwise). */
export async function sendInPlayground(
  page: Page,
  { model, message, system }: { model: string; message: string; system?: string },
): Promise<Locator> {
  await page.getByLabel('Model', { exact: true }).selectOption(model);
  if (system) await page.getByLabel('System prompt', { exact: true }).fill(system);
  await page.getByLabel('Message 1', { exact: true }).fill(message);
  await page.getByRole('button', { name: 'Send' }).click();
  return page.getByRole('region', { name: 'Answer' });
}
