import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeGateway, renderPage, reply } from '../../test/render';
import { RulesPage } from './rules-page';
import type { Explanation, Rule } from './types';

const PARSE_ERROR = 'Unexpected token: EOF\n> 1 | TokenCount >\n                  ^';

/** A rule as the gateway sends it: `model` is a string or null (the generated type is off). */
function rule(overrides: Omit<Partial<Rule>, 'model'> & { model?: string | null }): Rule {
  const sent: unknown = {
    id: 'r1',
    position: 0,
    when: 'true',
    targets: [{ provider: 'p' }],
    ...overrides,
  };
  return sent as Rule;
}

/** The gateway's validate endpoint, answering like the real parser for the conditions used. */
function validate(call: { body: unknown }) {
  const { when } = call.body as { when: string };
  return /[>=<]\s*$/.test(when) ? { valid: false, message: PARSE_ERROR } : { valid: true };
}

const base = {
  'GET /admin/models': () => [{ name: 'smart' }],
  'GET /admin/providers': () => [{ id: 'anthropic' }, { id: 'reseller' }],
  'GET /admin/keys': () => [{ name: 'team-b' }],
  'POST /admin/rules/validate': validate,
};

describe('Rules page', () => {
  it('lists model rules before global ones, numbered within their scope', async () => {
    fakeGateway({
      ...base,
      'GET /admin/rules': () => [
        rule({
          id: 'g1',
          model: null,
          position: 0,
          when: 'Hour < 6',
          targets: [{ provider: 'batch', model: 'mini' }],
        }),
        rule({ id: 'm1', model: 'smart', position: 0, when: 'TokenCount > 100000' }),
        rule({ id: 'm2', model: 'smart', position: 3, when: 'Stream' }),
      ],
    });
    renderPage(<RulesPage />);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^smart1TokenCount > 100000p/),
      expect.stringMatching(/^smart2Stream/),
      expect.stringMatching(/^global1Hour < 6batch → mini/),
    ]);
    expect(screen.getByRole('button', { name: 'Edit smart rule 2' })).toBeInTheDocument();
  });

  it('shows the parser message inline while typing, and Save stays disabled until it compiles', async () => {
    const { calls } = fakeGateway({
      ...base,
      'GET /admin/rules': () => [],
      'POST /admin/rules': (call) => reply(201, rule({ ...(call.body as object), id: 'new' })),
    });
    renderPage(<RulesPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add rule' }));
    const condition = screen.getByLabelText('Condition (CEL)');
    const save = screen.getByRole('button', { name: 'Save rule' });
    await userEvent.type(condition, 'TokenCount >');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Unexpected token: EOF');
    expect(condition).toHaveAttribute('aria-invalid', 'true');
    expect(save).toBeDisabled();
    const checks = calls.filter((c) => c.path === '/admin/rules/validate');
    // Debounced: one check for the text typed, not one per keystroke.
    expect(checks.at(-1)?.body).toEqual({ when: 'TokenCount >' });
    expect(checks.length).toBeLessThan('TokenCount >'.length);
    expect(calls.some((c) => c.method === 'POST' && c.path === '/admin/rules')).toBe(false);

    await userEvent.type(condition, ' 1000');
    await waitFor(() => expect(save).toBeEnabled());
    expect(condition).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText(/Unexpected token/)).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText('Applies to'), 'smart');
    await userEvent.type(screen.getByLabelText('Provider 1'), 'anthropic');
    await userEvent.type(screen.getByLabelText('Upstream model 1'), 'claude-sonnet-4-5');
    await userEvent.click(screen.getByRole('button', { name: 'Add target' }));
    await userEvent.type(screen.getByLabelText('Provider 2'), 'reseller');
    await userEvent.click(save);
    await waitFor(() => expect(screen.queryByLabelText('Condition (CEL)')).toBeNull());
    const post = calls.find((c) => c.method === 'POST' && c.path === '/admin/rules')!;
    expect(post.body).toEqual({
      model: 'smart',
      when: 'TokenCount > 1000',
      targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { provider: 'reseller' }],
    });
  });

  it('edits a rule with PUT, keeping its scope', async () => {
    const { calls } = fakeGateway({
      ...base,
      'GET /admin/rules': () => [rule({ id: 'r9', model: 'smart', when: 'Stream' })],
      'PUT /admin/rules/:id': (call) =>
        rule({ ...(call.body as object), id: 'r9', model: 'smart' }),
    });
    renderPage(<RulesPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit smart rule 1' }));
    expect(screen.getByLabelText('Applies to')).toBeDisabled();
    const condition = screen.getByLabelText('Condition (CEL)');
    await userEvent.clear(condition);
    await userEvent.type(condition, 'Stream && HasTools');
    const save = screen.getByRole('button', { name: 'Save rule' });
    await waitFor(() => expect(save).toBeEnabled());
    await userEvent.click(save);
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/admin/rules/r9');
    expect(put.body).toEqual({ when: 'Stream && HasTools', targets: [{ provider: 'p' }] });
  });
});

const EXPLANATION: Explanation = {
  model: 'smart',
  strategy: 'rule order',
  sticky: false,
  // Sent as null when the model is not sticky.
  sticky_target: null,
  session: null,
  variables: { TokenCount: 7, Model: 'smart', Path: '/v1/chat/completions', Stream: false },
  rule: { scope: 'model', index: 0, id: 'r1', when: 'Headers["x-team"] == "b"' },
  rule_errors: [
    { scope: 'global', index: 1, when: 'Key.metadata.tier == "x"', message: 'no such key: tier' },
  ],
  candidates: [
    candidate({ provider: 'reseller', model: 'gpt-4o-mini', kept: true }),
    candidate({ provider: 'openai', model: 'gpt-4o-mini', kept: false, reason: 'circuit open' }),
  ],
  order: [{ provider: 'reseller', model: 'gpt-4o-mini' }],
  outcome: { first: 'reseller/gpt-4o-mini' },
};

function candidate(c: {
  provider: string;
  model: string;
  kept: boolean;
  reason?: string;
}): Explanation['candidates'][number] {
  return {
    ...c,
    reason: c.reason ?? null,
    target_id: null,
    priority: 1,
    weight: 1,
    context_window: 128000,
    estimated_cost_usd: 0.00012,
    health: {
      provider: c.provider,
      model: c.model,
      circuit: c.kept ? 'closed' : 'open',
      consecutive_failures: 0,
      cooldown_until: null,
      error_rate: 0,
      failures: 0,
      health_check: null,
      in_flight: 0,
      last_error: null,
      latency_ms: 120,
      requests: 3,
      retry_at: null,
    },
  };
}

describe('Explain panel', () => {
  it('sends the composed request and shows variables, matching rule, candidates and order', async () => {
    const { calls } = fakeGateway({
      ...base,
      'GET /admin/rules': () => [],
      'POST /admin/route/explain': () => EXPLANATION,
    });
    renderPage(<RulesPage />);
    const panel = await screen.findByRole('region', { name: 'Explain' });
    await userEvent.type(within(panel).getByLabelText('Model'), 'smart');
    await userEvent.clear(within(panel).getByLabelText('User message'));
    await userEvent.type(within(panel).getByLabelText('User message'), 'hi');
    await userEvent.type(within(panel).getByLabelText(/Headers/), 'X-Team: b');
    await userEvent.selectOptions(within(panel).getByLabelText('Route as key'), 'team-b');
    await userEvent.click(within(panel).getByRole('button', { name: 'Explain' }));

    const result = await screen.findByRole('region', { name: 'Explanation' });
    expect(calls.find((c) => c.path === '/admin/route/explain')!.body).toEqual({
      path: '/v1/chat/completions',
      body: { model: 'smart', stream: false, messages: [{ role: 'user', content: 'hi' }] },
      headers: { 'x-team': 'b' },
      key: 'team-b',
    });
    expect(within(result).getByRole('status')).toHaveTextContent('first to reseller/gpt-4o-mini');
    expect(result).toHaveTextContent('model rule 1: Headers["x-team"] == "b"');
    expect(result).toHaveTextContent('global rule 2 Key.metadata.tier == "x": no such key: tier');
    const [candidates, variables] = within(result).getAllByRole('table');
    const left = within(candidates).getByRole('rowheader', { name: /^openai \/ gpt-4o-mini/ });
    expect(left.closest('tr')).toHaveTextContent('left out circuit open');
    const kept = within(candidates).getByRole('rowheader', { name: /reseller/ });
    expect(kept.closest('tr')).toHaveTextContent('kept');
    expect(within(result).getByRole('list', { name: 'Order' })).toHaveTextContent(
      'reseller / gpt-4o-mini',
    );
    const tokenRow = within(variables).getByRole('rowheader', { name: 'TokenCount' }).closest('tr');
    expect(tokenRow).toHaveTextContent('7');
  });

  it('takes a raw JSON body and refuses one that does not parse', async () => {
    const { calls } = fakeGateway({
      ...base,
      'GET /admin/rules': () => [],
      'POST /admin/route/explain': () => EXPLANATION,
    });
    renderPage(<RulesPage />);
    const panel = await screen.findByRole('region', { name: 'Explain' });
    await userEvent.type(within(panel).getByLabelText('Model'), 'smart');
    await userEvent.click(within(panel).getByLabelText('Raw JSON body'));
    const body = within(panel).getByLabelText('Body (JSON)');
    expect(JSON.parse((body as HTMLTextAreaElement).value)).toMatchObject({ model: 'smart' });
    await userEvent.clear(body);
    await userEvent.type(body, '{{"model": ');
    await userEvent.click(within(panel).getByRole('button', { name: 'Explain' }));
    expect(within(panel).getByRole('alert')).toHaveTextContent('not valid JSON');
    expect(calls.some((c) => c.path === '/admin/route/explain')).toBe(false);
  });
});
