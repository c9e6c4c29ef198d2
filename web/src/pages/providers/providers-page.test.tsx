import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeGateway, renderPage, reply } from '../../test/render';
import { providerFixture, providerStatusFixture, targetStatusFixture } from './fixtures';
import { ProvidersPage } from './providers-page';

function gateway(extra: Parameters<typeof fakeGateway>[0] = {}) {
  return fakeGateway({
    'GET /admin/providers': () => [providerFixture()],
    'GET /admin/providers/status': () => [
      providerStatusFixture({
        targets: [
          targetStatusFixture({ latency_ms: 400, error_rate: 0.1 }),
          targetStatusFixture({
            upstream_model: 'gpt-4o-mini',
            circuit: 'open',
            latency_ms: 200,
            error_rate: 0.6,
            last_error: { at: '2026-12-04T10:00:00.000Z', message: 'upstream 503: overloaded' },
          }),
        ],
      }),
    ],
    ...extra,
  });
}

const row = async (id: string) =>
  (await screen.findByRole('rowheader', { name: id })).closest('tr') as HTMLElement;

describe('Providers page', () => {
  it('lists providers with their live health summed over the targets', async () => {
    gateway();
    renderPage(<ProvidersPage />);
    expect(screen.getByRole('heading', { level: 1, name: 'Providers' })).toBeInTheDocument();
    const r = await row('openai-main');
    expect(r).toHaveTextContent('https://api.openai.com/v1');
    expect(r).toHaveTextContent('enabled');
    await waitFor(() => expect(within(r).getByText('open')).toBeInTheDocument());
    expect(r).toHaveTextContent('300 ms'); // mean latency of the targets
    expect(r).toHaveTextContent('60.0%'); // the worst error rate
    expect(r).toHaveTextContent('upstream 503: overloaded');
  });

  it('checks the form before sending: required fields and the URL format', async () => {
    const { calls } = gateway();
    renderPage(<ProvidersPage />);
    await userEvent.click(screen.getByRole('button', { name: 'Add provider' }));
    const dialog = screen.getByRole('dialog', { name: 'Add provider' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add provider' }));
    expect(within(dialog).getByLabelText('ID')).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText('ID')).toHaveAccessibleDescription('Required.');
    expect(within(dialog).getByLabelText('Base URL')).toHaveAccessibleDescription('Required.');
    await userEvent.type(within(dialog).getByLabelText('ID'), 'bad id');
    await userEvent.type(within(dialog).getByLabelText('Base URL'), 'api.example.com');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add provider' }));
    expect(within(dialog).getByLabelText('ID')).toHaveAccessibleDescription(
      'Letters, digits, ".", "_", ":" and "-" only.',
    );
    expect(within(dialog).getByLabelText('Base URL')).toHaveAccessibleDescription(
      /Must be an http\(s\) URL/,
    );
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('creates a provider with the body the admin API takes, and shows its 400', async () => {
    let answer: unknown = reply(400, {
      error: { message: "Provider 'anthropic-1': base_url: must be an http(s) URL", param: 'x' },
    });
    const { calls } = gateway({ 'POST /admin/providers': () => answer });
    renderPage(<ProvidersPage />);
    await userEvent.click(screen.getByRole('button', { name: 'Add provider' }));
    const dialog = screen.getByRole('dialog', { name: 'Add provider' });
    await userEvent.type(within(dialog).getByLabelText('ID'), 'anthropic-1');
    await userEvent.selectOptions(within(dialog).getByLabelText('Format'), 'anthropic');
    await userEvent.type(within(dialog).getByLabelText('Base URL'), 'https://api.anthropic.com');
    await userEvent.type(within(dialog).getByLabelText('API key'), 'sk-ant-secret');
    await userEvent.clear(within(dialog).getByLabelText('Retries'));
    await userEvent.type(within(dialog).getByLabelText('Retries'), '3');
    await userEvent.type(within(dialog).getByLabelText('Extra headers'), 'x-team: core');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add provider' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Provider 'anthropic-1': base_url: must be an http(s) URL",
    );
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      id: 'anthropic-1',
      format: 'anthropic',
      base_url: 'https://api.anthropic.com',
      api_key: 'sk-ant-secret',
      timeout_ms: 60000,
      retries: 3,
      enabled: true,
      stream_support: true,
      non_stream_support: true,
      headers: { 'x-team': 'core' },
    });

    answer = providerFixture({ id: 'anthropic-1' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add provider' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('edits without sending the API key when left empty, and sends a new one when typed', async () => {
    const { calls } = gateway({
      'PATCH /admin/providers/:id': () =>
        providerFixture({ base_url: 'https://proxy.example.com/v1' }),
    });
    renderPage(<ProvidersPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit openai-main' }));
    let dialog = screen.getByRole('dialog', { name: 'Edit provider openai-main' });
    expect(within(dialog).getByLabelText('API key')).toHaveValue('');
    expect(within(dialog).getByLabelText('API key')).toHaveAttribute('type', 'password');
    expect(dialog).toHaveTextContent('Stored: ****wxyz');
    expect(within(dialog).getByLabelText('ID')).toHaveAttribute('readonly');
    const url = within(dialog).getByLabelText('Base URL');
    await userEvent.clear(url);
    await userEvent.type(url, 'https://proxy.example.com/v1');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const first = calls.filter((c) => c.method === 'PATCH')[0];
    expect(first.path).toBe('/admin/providers/openai-main');
    expect(first.body).toEqual({
      format: 'openai',
      base_url: 'https://proxy.example.com/v1',
      timeout_ms: 60000,
      retries: 2,
      enabled: true,
      stream_support: true,
      non_stream_support: true,
    });

    await userEvent.click(screen.getByRole('button', { name: 'Edit openai-main' }));
    dialog = screen.getByRole('dialog', { name: 'Edit provider openai-main' });
    await userEvent.type(within(dialog).getByLabelText('API key'), 'sk-new-key');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'PATCH')[1].body).toMatchObject({
      api_key: 'sk-new-key',
    });
  });

  it('disables a provider with PATCH {enabled: false}', async () => {
    const { calls } = gateway({
      'PATCH /admin/providers/:id': () => providerFixture({ enabled: false }),
    });
    renderPage(<ProvidersPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Disable openai-main' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: false });
  });

  it('deletes after confirming, and shows the refusal of a provider in use', async () => {
    const { calls } = gateway({
      'DELETE /admin/providers/:id': () =>
        reply(409, {
          error: { message: "Provider 'openai-main' is a target of model(s) gpt-4o" },
        }),
    });
    renderPage(<ProvidersPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete openai-main' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete provider openai-main?' });
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'is a target of model(s) gpt-4o',
    );
    expect(calls.find((c) => c.method === 'DELETE')?.path).toBe('/admin/providers/openai-main');
  });

  it('Test sends one request with a target model and shows the answer with its latency', async () => {
    const { calls } = gateway({
      'POST /admin/providers/:id/test': (call) => ({
        ok: true,
        status: 200,
        latency_ms: 231,
        model: (call.body as { model: string }).model,
        answer: 'OK',
        error: null,
      }),
    });
    renderPage(<ProvidersPage />);
    await waitFor(() => expect(calls.some((c) => c.path === '/admin/providers/status')).toBe(true));
    await userEvent.click(await screen.findByRole('button', { name: 'Test openai-main' }));
    const status = await screen.findByText(/answered/);
    expect(status.closest('[role="status"]')).toHaveTextContent(
      'OK HTTP 200 · 231 ms · gpt-4o-2024-08-06 answered: OK',
    );
    const test = calls.find((c) => c.path === '/admin/providers/openai-main/test');
    expect(test?.body).toEqual({ model: 'gpt-4o-2024-08-06' });
  });

  it('Test shows the provider error inline', async () => {
    gateway({
      'POST /admin/providers/:id/test': () => ({
        ok: false,
        status: 401,
        latency_ms: 80,
        model: 'gpt-4o-2024-08-06',
        answer: null,
        error: { type: 'authentication', message: 'Incorrect API key provided' },
      }),
    });
    renderPage(<ProvidersPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Test openai-main' }));
    const alert = await screen.findByText('Incorrect API key provided');
    expect(alert.closest('[role="alert"]')).toHaveTextContent(
      'Failed HTTP 401 · 80 ms · gpt-4o-2024-08-06 · authentication: Incorrect API key provided',
    );
  });
});
