import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../test/render';
import { fakeGateway, renderPage, reply } from '../../test/render';
import { page, record, row } from './fixtures';
import { LogsPage } from './logs-page';

const names = {
  'GET /admin/keys': () => [],
  'GET /admin/models': () => [],
  'GET /admin/providers': () => [],
};

const usageCalls = (calls: RecordedCall[]) => calls.filter((c) => c.path === '/usage');
const modelCells = () =>
  within(screen.getByRole('table', { name: 'Requests' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[2].textContent);

describe('Logs page', () => {
  it('lists rows newest first and loads more with next_cursor, same filters', async () => {
    const { calls } = fakeGateway({
      ...names,
      'GET /usage': (call) =>
        call.search.has('after_id')
          ? page([])
          : call.search.get('cursor') === 'c1'
            ? page([row(1, { model: 'older' })])
            : page([row(3, { model: 'newest' }), row(2, { model: 'middle' })], 'c1'),
    });
    renderPage(<LogsPage />, { route: '/logs?status=error' });
    await screen.findByRole('table', { name: 'Requests' });
    expect(modelCells()).toEqual(['newest', 'middle']);
    await userEvent.click(screen.getByLabelText('Live tail')); // keep this test to paging
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(modelCells()).toEqual(['newest', 'middle', 'older']));
    const [first, more] = usageCalls(calls).filter((c) => !c.search.has('after_id'));
    expect(first.search.get('status')).toBe('error');
    expect(first.search.has('cursor')).toBe(false);
    expect(more.search.get('cursor')).toBe('c1');
    expect(more.search.get('status')).toBe('error');
    expect(more.search.get('from')).toBe(first.search.get('from'));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('sends the filters as GET /usage query parameters', async () => {
    const { calls } = fakeGateway({ ...names, 'GET /usage': () => page([row(1)]) });
    renderPage(<LogsPage />, { route: '/logs' });
    await screen.findByRole('table', { name: 'Requests' });
    await userEvent.type(screen.getByLabelText('Key'), 'team-b');
    await userEvent.type(screen.getByLabelText('Model'), 'gpt-big{Enter}');
    await userEvent.selectOptions(screen.getByLabelText('Stream'), 'Streamed');
    await userEvent.selectOptions(screen.getByLabelText('Status'), '5xx');
    await userEvent.selectOptions(screen.getByLabelText('Range'), 'Last hour');
    await waitFor(() => {
      const last = usageCalls(calls)
        .filter((c) => !c.search.has('after_id'))
        .at(-1)!;
      expect(Object.fromEntries(last.search)).toMatchObject({
        key: 'team-b',
        model: 'gpt-big',
        stream: 'true',
        status: '5xx',
      });
      const from = Date.parse(last.search.get('from')!);
      expect(Math.abs(Date.now() - 3_600_000 - from)).toBeLessThan(10_000);
      expect(last.search.has('to')).toBe(false);
    });
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => {
      const last = usageCalls(calls)
        .filter((c) => !c.search.has('after_id'))
        .at(-1)!;
      expect([...last.search.keys()].sort()).toEqual(['from', 'limit']);
    });
  });

  it('the live tail asks for rows after the newest shown and puts them on top', async () => {
    let arrived = false;
    const { calls } = fakeGateway({
      ...names,
      'GET /usage': (call) => {
        if (!call.search.has('after_id')) return page([row(7, { model: 'first' })]);
        if (call.search.get('after_id') !== '7' || arrived) return page([]);
        arrived = true;
        return page([row(9, { model: 'newer' }), row(8, { model: 'new' })]);
      },
    });
    renderPage(<LogsPage />, { route: '/logs?model=m' });
    await screen.findByRole('table', { name: 'Requests' });
    expect(screen.getByLabelText('Live tail')).toBeChecked();
    await waitFor(() => expect(modelCells()).toEqual(['newer', 'new', 'first']), {
      timeout: 5_000,
    });
    // Only the rows that came by the tail are marked new.
    const bodyRows = within(screen.getByRole('table', { name: 'Requests' })).getAllByRole('row');
    expect(bodyRows.slice(1).map((r) => r.classList.contains('fresh'))).toEqual([
      true,
      true,
      false,
    ]);
    const tail = usageCalls(calls).find((c) => c.search.get('after_id') === '7')!;
    expect(tail.search.get('model')).toBe('m');
    // The list was not reloaded: one history request, the rest tail polls.
    expect(usageCalls(calls).filter((c) => !c.search.has('after_id'))).toHaveLength(1);
    // Next polls start after the new newest row.
    await waitFor(
      () => expect(usageCalls(calls).some((c) => c.search.get('after_id') === '9')).toBe(true),
      { timeout: 5_000 },
    );
  }, 15_000);

  it('the live tail asks again from the previous poll, so a row committed late still arrives', async () => {
    // Two instances: row 9 is committed, then row 8 (its id handed out earlier) a poll later.
    let polls = 0;
    const { calls } = fakeGateway({
      ...names,
      'GET /usage': (call) => {
        if (!call.search.has('after_id')) return page([row(7, { model: 'first' })]);
        polls += 1;
        const after = Number(call.search.get('after_id'));
        const committed =
          polls === 1
            ? [row(9, { model: 'nine' })]
            : [row(9, { model: 'nine' }), row(8, { model: 'late' })];
        return page(committed.filter((r) => Number(r.id) > after));
      },
    });
    renderPage(<LogsPage />, { route: '/logs' });
    await screen.findByRole('table', { name: 'Requests' });
    await waitFor(() => expect(modelCells()).toEqual(['nine', 'late', 'first']), {
      timeout: 8_000,
    });
    const tails = usageCalls(calls).filter((c) => c.search.has('after_id'));
    expect(tails[1].search.get('after_id')).toBe('7');
  }, 15_000);

  it('a custom range in the past cannot be tailed', async () => {
    const { calls } = fakeGateway({ ...names, 'GET /usage': () => page([row(1)]) });
    renderPage(<LogsPage />, {
      route: '/logs?range=custom&from=2026-03-01T00:00&to=2026-03-02T00:00',
    });
    await screen.findByRole('table', { name: 'Requests' });
    expect(screen.getByLabelText('Live tail')).toBeDisabled();
    expect(screen.getByRole('status')).toHaveTextContent('ends in the past');
    expect(usageCalls(calls)[0].search.get('to')).toBe(new Date(2026, 2, 2).toISOString());
  });

  it('opens a row in a dialog with every field and the attempts', async () => {
    const { calls } = fakeGateway({
      ...names,
      'GET /usage': () => page([row(42, { status: 502, error_code: 'upstream_error' })]),
      'GET /usage/:id': () =>
        record(
          42,
          [
            {
              provider: 'openai-main',
              model: 'gpt-4o-mini',
              status: 503,
              latency_ms: 40,
              error: 'Service Unavailable',
            },
            { provider: 'backup', model: 'small-2', status: 0, latency_ms: 5000, error: 'timeout' },
          ],
          {
            status: 502,
            error_code: 'upstream_error',
            provider: null,
            upstream_model: null,
            attempts: 2,
          },
        ),
    });
    renderPage(<LogsPage />, { route: '/logs' });
    const table = await screen.findByRole('table', { name: 'Requests' });
    await userEvent.click(within(table).getAllByRole('row')[1]);
    const dialog = await screen.findByRole('dialog', { name: 'Request details' });
    await within(dialog).findByText('req-42');
    expect(calls.some((c) => c.path === '/usage/42')).toBe(true);
    expect(dialog).toHaveTextContent('The client got 502: upstream_error');
    expect(dialog).toHaveTextContent('0d6f7f5e-0000-4000-8000-000000000001');
    const attempts = within(within(dialog).getByRole('table', { name: 'Attempts' })).getAllByRole(
      'row',
    );
    expect(attempts).toHaveLength(3);
    expect(attempts[1]).toHaveTextContent('openai-main');
    expect(attempts[1]).toHaveTextContent('Service Unavailable');
    expect(attempts[2]).toHaveTextContent('no answer');
    expect(attempts[2]).toHaveTextContent('timeout');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the gateway message when a filter is refused', async () => {
    fakeGateway({
      ...names,
      'GET /usage': () =>
        reply(400, { error: { message: "Invalid 'status': use 200, 2xx, 4xx, 5xx or error." } }),
    });
    renderPage(<LogsPage />, { route: '/logs?status=6xx' });
    expect(await screen.findByRole('alert')).toHaveTextContent("Invalid 'status'");
  });
});
