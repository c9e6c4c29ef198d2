import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeGateway, renderPage, reply } from '../../test/render';
import { providerFixture, providerStatusFixture, targetStatusFixture } from '../providers/fixtures';
import { ModelsPage } from './models-page';
import type { Model } from './types';

const GPT4O: Model = {
  name: 'gpt-4o',
  strategy: 'weighted',
  sticky: true,
  unsupported_tools: 'reject',
  created_at: '2026-12-01T10:00:00.000Z',
  updated_at: '2026-12-01T10:00:00.000Z',
  rules: [{ id: 'r1', when: 'TokenCount > 100000', targets: [{ provider: 'azure-east' }] }],
  targets: [
    {
      id: 't1',
      provider: 'openai-main',
      model: 'gpt-4o-2024-08-06',
      priority: 1,
      weight: 3,
      enabled: true,
      context_window: 128000,
      price: { input: 2.5, output: 10, cached_input: 1.25 },
      quota: { period_cron: '0 0 * * *', requests_per_period: 1000, tokens_per_period: 2000000 },
      capabilities: { tools: true, images: false },
    },
    { id: 't2', provider: 'azure-east', model: 'gpt-4o', priority: 2, weight: 1, enabled: true },
  ],
};

const USED = {
  period_start: '2026-12-04T00:00:00.000Z',
  requests: 120,
  tokens: 45_000,
  cost_usd: 0.3125,
};

function gateway(extra: Parameters<typeof fakeGateway>[0] = {}) {
  return fakeGateway({
    'GET /admin/models': () => [GPT4O],
    'GET /admin/providers': () => [
      providerFixture(),
      providerFixture({ id: 'azure-east', format: 'azure' }),
    ],
    'GET /admin/providers/status': () => [
      providerStatusFixture({
        targets: [targetStatusFixture({ quota_use: USED, latency_ms: 350 })],
      }),
    ],
    'GET /admin/models/:name/status': () => ({
      model: 'gpt-4o',
      strategy: 'weighted',
      sticky: true,
      targets: [
        targetStatusFixture({ quota_use: USED, circuit: 'half_open' }),
        targetStatusFixture({ provider: 'azure-east', upstream_model: 'gpt-4o' }),
      ],
    }),
    ...extra,
  });
}

describe('Models page', () => {
  it('lists models with strategy, stickiness, targets and each quota’s use', async () => {
    gateway();
    renderPage(<ModelsPage />);
    const row = (await screen.findByRole('rowheader', { name: 'gpt-4o' })).closest('tr')!;
    expect(row).toHaveTextContent('weighted');
    expect(row).toHaveTextContent('yes');
    expect(row).toHaveTextContent('openai-main/gpt-4o-2024-08-06 p1 · w3');
    expect(row).toHaveTextContent('azure-east/gpt-4o p2 · w1');
    await waitFor(() =>
      expect(row).toHaveTextContent('120 / 1K requests · 45K / 2M tokens · $0.31'),
    );
    expect(row).toHaveTextContent('350 ms');
    expect(row).toHaveTextContent('no quota'); // the azure target has none
  });

  it('editing a weight PUTs the whole model, keeping rules and the fields the form hides', async () => {
    const { calls } = gateway({ 'PUT /admin/models/:name': () => GPT4O });
    renderPage(<ModelsPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit gpt-4o' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit model gpt-4o' });
    // The current quota use and health of each target, from /admin/models/gpt-4o/status.
    await waitFor(() =>
      expect(dialog).toHaveTextContent('120 / 1K requests · 45K / 2M tokens · $0.31'),
    );
    expect(dialog).toHaveTextContent('half open');
    const weight = within(dialog).getByLabelText('Weight, target 1');
    expect(weight).toHaveValue('3');
    await userEvent.clear(weight);
    await userEvent.type(weight, '7');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save model' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.path).toBe('/admin/models/gpt-4o');
    expect(put?.body).toEqual({
      name: 'gpt-4o',
      strategy: 'weighted',
      sticky: true,
      unsupported_tools: 'reject',
      rules: [{ when: 'TokenCount > 100000', targets: [{ provider: 'azure-east' }] }],
      targets: [
        {
          provider: 'openai-main',
          model: 'gpt-4o-2024-08-06',
          priority: 1,
          weight: 7,
          enabled: true,
          context_window: 128000,
          price: { input: 2.5, output: 10, cached_input: 1.25 },
          quota: {
            period_cron: '0 0 * * *',
            requests_per_period: 1000,
            tokens_per_period: 2000000,
          },
          capabilities: { tools: true, images: false },
        },
        { provider: 'azure-east', model: 'gpt-4o', priority: 2, weight: 1, enabled: true },
      ],
    });
  });

  it('removes a target and changes strategy and stickiness', async () => {
    const { calls } = gateway({ 'PUT /admin/models/:name': () => GPT4O });
    renderPage(<ModelsPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit gpt-4o' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit model gpt-4o' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove target 1' }));
    await userEvent.selectOptions(within(dialog).getByLabelText('Strategy'), 'priority');
    await userEvent.click(within(dialog).getByLabelText('Sticky sessions'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save model' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({
      strategy: 'priority',
      sticky: false,
      targets: [{ provider: 'azure-east', model: 'gpt-4o', priority: 2, weight: 1 }],
    });
  });

  it('adds a model with a target, checking the rows first', async () => {
    let answer: unknown = reply(409, { error: { message: "Model 'claude-fast' exists." } });
    const { calls } = gateway({ 'POST /admin/models': () => answer });
    renderPage(<ModelsPage />);
    await userEvent.click(screen.getByRole('button', { name: 'Add model' }));
    const dialog = screen.getByRole('dialog', { name: 'Add model' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add model' }));
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription('Required.');

    await userEvent.type(within(dialog).getByLabelText('Name'), 'claude-fast');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add target' }));
    await userEvent.type(within(dialog).getByLabelText('Weight, target 1'), 'x');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add model' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Target 1: Provider: Pick a provider. Upstream model: Required. Weight: A whole number, 0 or more.',
    );
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await userEvent.selectOptions(
      within(dialog).getByLabelText('Provider, target 1'),
      'azure-east',
    );
    await userEvent.type(within(dialog).getByLabelText('Upstream model, target 1'), 'gpt-4o-mini');
    await userEvent.clear(within(dialog).getByLabelText('Weight, target 1'));
    await userEvent.type(within(dialog).getByLabelText('Weight, target 1'), '2');
    await userEvent.type(within(dialog).getByLabelText('Input $/1M, target 1'), '0.15');
    await userEvent.type(within(dialog).getByLabelText('Output $/1M, target 1'), '0.6');
    await userEvent.type(within(dialog).getByLabelText('Quota requests, target 1'), '500');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add model' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Model 'claude-fast' exists.",
    );
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'claude-fast',
      strategy: 'priority',
      sticky: false,
      unsupported_tools: 'drop',
      rules: [],
      targets: [
        {
          provider: 'azure-east',
          model: 'gpt-4o-mini',
          priority: 1,
          weight: 2,
          enabled: true,
          price: { input: 0.15, output: 0.6 },
          quota: { period_cron: '0 0 * * *', requests_per_period: 500 },
        },
      ],
    });
    answer = { ...GPT4O, name: 'claude-fast' };
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add model' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('deletes a model after confirming', async () => {
    const { calls } = gateway({ 'DELETE /admin/models/:name': () => reply(204) });
    renderPage(<ModelsPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete gpt-4o' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete model gpt-4o?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.find((c) => c.method === 'DELETE')?.path).toBe('/admin/models/gpt-4o');
  });
});
