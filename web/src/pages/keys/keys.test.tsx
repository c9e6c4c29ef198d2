import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeGateway, renderPage, reply } from '../../test/render';
import { KeysPage } from './keys-page';
import type { CreatedKey, Key } from './types';

const usage = { rpm: null, tpm: null, budget_used_usd: null, budget_period_start: null };

function key(overrides: Partial<Key> = {}): Key {
  return {
    id: 'k1',
    name: 'team-a',
    key_prefix: 'sb-abc',
    role: 'user',
    models: ['*'],
    metadata: {},
    enabled: true,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    usage,
    ...overrides,
  };
}

const PLAINTEXT = 'sb-0123456789abcdefghijklmnopqrstuv';

afterEach(() => vi.unstubAllGlobals());

describe('Keys page', () => {
  it('lists keys with limits and current use as "used / limit"', async () => {
    fakeGateway({
      'GET /admin/keys': () => [
        key({
          limits: { rpm: 60, tpm: 10000 },
          budget: { usd: 50, period_cron: '0 0 1 * *' },
          usage: { rpm: 12, tpm: 9000, budget_used_usd: 1.5, budget_period_start: null },
        }),
        key({ id: 'k2', name: 'ops', role: 'admin', enabled: false, models: ['gpt-*', 'smart'] }),
      ],
    });
    renderPage(<KeysPage />);
    const row = (await screen.findByRole('rowheader', { name: /team-a/ })).closest('tr')!;
    expect(within(row).getByText('12 / 60')).toBeInTheDocument();
    expect(within(row).getByText('9,000 / 10,000')).toBeInTheDocument();
    expect(within(row).getByText('$1.50 / $50.00')).toBeInTheDocument();
    expect(within(row).getByText('monthly')).toBeInTheDocument();
    const rpm = within(row).getByRole('meter', { name: 'Requests per minute of team-a' });
    expect(rpm).toHaveAttribute('aria-valuenow', '12');
    expect(rpm).toHaveAttribute('aria-valuemax', '60');
    const ops = screen.getByRole('rowheader', { name: /ops/ }).closest('tr')!;
    expect(within(ops).getByText('disabled')).toBeInTheDocument();
    expect(within(ops).getByText('gpt-*, smart')).toBeInTheDocument();
    expect(within(ops).getByRole('button', { name: 'Enable ops' })).toBeInTheDocument();
  });

  it('validates the Add key form before sending anything', async () => {
    const { calls } = fakeGateway({ 'GET /admin/keys': () => [] });
    renderPage(<KeysPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add key' }));
    await userEvent.type(screen.getByLabelText('Name'), 'bad name!');
    await userEvent.type(screen.getByLabelText('Requests per minute'), '1.5');
    await userEvent.type(screen.getByLabelText('Budget (USD)'), '-3');
    await userEvent.type(screen.getByLabelText('Metadata (JSON)'), '[[1]');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));

    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/Letters, digits/);
    expect(screen.getByLabelText('Requests per minute')).toHaveAccessibleDescription(
      /whole number above 0/,
    );
    expect(screen.getByLabelText('Budget (USD)')).toHaveAccessibleDescription(/above 0/);
    expect(screen.getByLabelText('Metadata (JSON)')).toHaveAccessibleDescription(/JSON object/);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('sends the key as the gateway expects it, then shows the plaintext once', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const list: Key[] = [];
    const { calls } = fakeGateway({
      'GET /admin/keys': () => list,
      'POST /admin/keys': (call) => {
        const body = call.body as Key;
        const created: CreatedKey = { ...key(body), key: PLAINTEXT, key_prefix: 'sb-012' };
        list.push(key({ ...body, key_prefix: 'sb-012' }));
        return reply(201, created);
      },
    });
    renderPage(<KeysPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add key' }));
    await userEvent.type(screen.getByLabelText('Name'), 'team-b');
    await userEvent.selectOptions(screen.getByLabelText('Role'), 'admin');
    await userEvent.clear(screen.getByLabelText('Models'));
    await userEvent.type(screen.getByLabelText('Models'), 'smart, gpt-*');
    await userEvent.type(screen.getByLabelText('Requests per minute'), '60');
    await userEvent.type(screen.getByLabelText('Budget (USD)'), '25');
    await userEvent.type(screen.getByLabelText('Metadata (JSON)'), '{{"team": "b"}');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const dialog = await screen.findByRole('dialog', { name: 'Key “team-b” created' });
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe('/admin/keys');
    expect(post.body).toEqual({
      name: 'team-b',
      role: 'admin',
      models: ['smart', 'gpt-*'],
      enabled: true,
      metadata: { team: 'b' },
      limits: { rpm: 60 },
      budget: { usd: 25, period_cron: '0 0 1 * *' },
    });
    expect(within(dialog).getByLabelText('New key')).toHaveValue(PLAINTEXT);
    expect(dialog).toHaveTextContent('will not be shown again');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(PLAINTEXT);
    expect(within(dialog).getByRole('status')).toHaveTextContent('Copied');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    // The new key is listed by its prefix; its plaintext is nowhere on the page any more.
    expect(await screen.findByRole('rowheader', { name: /team-b/ })).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(PLAINTEXT);
  });

  it('shows the gateway refusing a duplicate name', async () => {
    fakeGateway({
      'GET /admin/keys': () => [],
      'POST /admin/keys': () =>
        reply(409, { error: { message: 'A key named "team-a" already exists.' } }),
    });
    renderPage(<KeysPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add key' }));
    await userEvent.type(screen.getByLabelText('Name'), 'team-a');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'A key named "team-a" already exists.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('disables a key with PATCH {enabled:false} and deletes one after confirming', async () => {
    let list = [key()];
    const { calls } = fakeGateway({
      'GET /admin/keys': () => list,
      'PATCH /admin/keys/:name': (call) => {
        list = [key({ enabled: (call.body as { enabled: boolean }).enabled })];
        return list[0];
      },
      'DELETE /admin/keys/:name': () => {
        list = [];
        return reply(204);
      },
    });
    renderPage(<KeysPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Disable team-a' }));
    expect(await screen.findByRole('button', { name: 'Enable team-a' })).toBeInTheDocument();
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/admin/keys/team-a');
    expect(patch.body).toEqual({ enabled: false });

    await userEvent.click(screen.getByRole('button', { name: 'Delete team-a' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete key “team-a”?' });
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete key' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.find((c) => c.method === 'DELETE')!.path).toBe('/admin/keys/team-a');
    expect(await screen.findByText(/No keys yet/)).toBeInTheDocument();
  });
});
