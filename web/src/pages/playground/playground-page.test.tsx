import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeGateway, renderPage, reply } from '../../test/render';
import type { RecordedCall } from '../../test/render';
import { chunk, fakeChat, ROUTED, sseBody, streamed } from './fake-chat';
import { PlaygroundPage } from './playground-page';

const MODELS = [
  { name: 'chat', strategy: 'priority', sticky: false, rules: [], targets: [], created_at: '' },
  { name: 'cheap', strategy: 'cost', sticky: false, rules: [], targets: [], created_at: '' },
];

const ROW = {
  id: '41',
  request_id: 'req-123',
  created_at: '2026-01-01T00:00:00.000Z',
  key_name: null,
  model: 'chat',
  provider: 'openai-main',
  upstream_model: 'gpt-4o-2024-08-06',
  endpoint: '/v1/chat/completions',
  stream: true,
  stream_cut: false,
  status: 200,
  error_code: null,
  attempts: 2,
  prompt_tokens: 12,
  completion_tokens: 3,
  cached_tokens: 0,
  cost_usd: 0.000123,
  latency_ms: 845,
  ttft_ms: 120,
};

const usageAnswer = (rows: unknown[]) => ({
  data: rows,
  next_cursor: null,
  totals: {
    requests: rows.length,
    prompt_tokens: 0,
    completion_tokens: 0,
    cached_tokens: 0,
    cost_usd: 0,
  },
});

/** The gateway's admin side: two models; the usage row appears on the second poll. */
function gateway() {
  let polls = 0;
  return fakeGateway({
    'GET /admin/models': () => MODELS,
    'GET /usage': () => usageAnswer(++polls >= 2 ? [ROW] : []),
  });
}

function tile(label: string): string {
  const served = screen.getByRole('region', { name: 'Served by' });
  const term = within(served).getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? '';
}

async function writeAndSend(text: string) {
  await userEvent.type(screen.getByLabelText('Message 1'), text);
  await userEvent.click(screen.getByRole('button', { name: 'Send' }));
}

// userEvent types key by key: on a loaded machine (2 cores, parallel builds) 5 s is too tight.
describe('Playground', { timeout: 20_000 }, () => {
  it('streams the answer as it arrives, then shows where it was served, tokens, cost and latency', async () => {
    const { calls } = gateway();
    const stream = sseBody();
    const chat = fakeChat((call) => streamed(stream, call));
    renderPage(<PlaygroundPage />);
    expect(await screen.findByRole('option', { name: 'cheap' })).toBeInTheDocument();
    expect(screen.getByLabelText('Model')).toHaveValue('chat');
    expect(screen.getByLabelText('Stream')).toBeChecked();

    await userEvent.type(screen.getByLabelText('System prompt'), 'Be brief.');
    await userEvent.type(screen.getByLabelText('Max tokens'), '64');
    await userEvent.type(screen.getByLabelText('Temperature'), '0.2');
    await writeAndSend('Say hello');

    await expect.poll(() => chat.length).toBe(1);
    expect(chat[0].body).toEqual({
      model: 'chat',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
      temperature: 0.2,
    });

    const answer = screen.getByRole('region', { name: 'Answer' });
    stream.event(chunk('Hel'));
    expect(await within(answer).findByText('Hel')).toBeInTheDocument();
    expect(within(answer).getByRole('status')).toHaveTextContent('Streaming…');
    expect(screen.getByRole('button', { name: 'Stop' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    // The routing headers are known before the text ends; the usage row is not asked for yet.
    expect(tile('Provider')).toBe('openai-main');
    expect(calls.filter((c) => c.path === '/usage')).toHaveLength(0);

    stream.event(chunk('lo!'));
    stream.event({ ...chunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    stream.event(chunk(null, { usage: { prompt_tokens: 12, completion_tokens: 3 } }));
    stream.event('[DONE]');
    stream.end();

    expect(await within(answer).findByText('Hello!')).toBeInTheDocument();
    expect(within(answer).getByRole('status')).toHaveTextContent('Done (finish reason: stop).');
    expect(tile('Upstream model')).toBe('gpt-4o-2024-08-06');
    expect(tile('Attempts')).toBe('2');
    expect(tile('Input tokens')).toBe('12');
    expect(tile('Output tokens')).toBe('3');
    expect(screen.getByText('req-123')).toBeInTheDocument();
    await expect.poll(() => tile('Cost'), { timeout: 3000 }).toBe('$0.000123');
    expect(tile('Latency')).toBe('845 ms');
    expect(tile('Time to first token')).toBe('120 ms');
    const polls: RecordedCall[] = calls.filter((c) => c.path === '/usage');
    expect(polls.length).toBe(2);
    expect(polls.every((c) => c.search.get('request_id') === 'req-123')).toBe(true);
  });

  it('Stop aborts the request and keeps the text so far', async () => {
    gateway();
    const stream = sseBody();
    const chat = fakeChat((call) => streamed(stream, call));
    renderPage(<PlaygroundPage />);
    await screen.findByRole('option', { name: 'chat' });
    await writeAndSend('Tell me a long story');
    stream.event(chunk('Once upon'));
    const answer = screen.getByRole('region', { name: 'Answer' });
    await within(answer).findByText('Once upon');

    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(chat[0].signal.aborted).toBe(true);
    expect(
      await within(answer).findByText('Stopped: the request was aborted.'),
    ).toBeInTheDocument();
    expect(within(answer).getByText('Once upon')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled();
  });

  it("shows the gateway's error message, and where the request went when it says", async () => {
    gateway();
    fakeChat(
      () =>
        new Response(
          JSON.stringify({
            error: { message: 'Rate limit reached for key alice: 60 rpm', code: 'rate_limited' },
          }),
          {
            status: 429,
            headers: { 'content-type': 'application/json', 'x-request-id': 'req-429' },
          },
        ),
    );
    renderPage(<PlaygroundPage />);
    await screen.findByRole('option', { name: 'chat' });
    await userEvent.type(screen.getByLabelText('Message 1'), 'Hi');
    await userEvent.keyboard('{Control>}{Enter}{/Control}'); // sends, like the button
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Rate limit reached for key alice: 60 rpm',
    );
    expect(screen.getByRole('region', { name: 'Answer' })).toHaveTextContent('The request failed.');
    expect(screen.getByText('req-429')).toBeInTheDocument();
  });

  it('sends a non-streamed request when Stream is off, and continues the conversation', async () => {
    gateway();
    const chat = fakeChat(
      () =>
        new Response(
          JSON.stringify({
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: 'Paris.' },
                finish_reason: 'stop',
              },
            ],
            usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
          }),
          { status: 200, headers: { 'content-type': 'application/json', ...ROUTED } },
        ),
    );
    renderPage(<PlaygroundPage />);
    await screen.findByRole('option', { name: 'cheap' });
    await userEvent.selectOptions(screen.getByLabelText('Model'), 'cheap');
    await userEvent.click(screen.getByLabelText('Stream'));
    await writeAndSend('Capital of France?');

    const answer = screen.getByRole('region', { name: 'Answer' });
    expect(await within(answer).findByText('Paris.')).toBeInTheDocument();
    expect(chat[0].body).toEqual({
      model: 'cheap',
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(tile('Input tokens')).toBe('9');

    await userEvent.click(screen.getByRole('button', { name: 'Continue the conversation' }));
    expect(screen.getByLabelText('Message 2')).toHaveValue('Paris.');
    expect(screen.getByLabelText('Role of message 2')).toHaveValue('assistant');
    await userEvent.type(screen.getByLabelText('Message 3'), 'And of Italy?');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await expect.poll(() => chat.length).toBe(2);
    expect(chat[1].body.messages).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'And of Italy?' },
    ]);
  });

  it('does not send without a user message or with bad options, and says why', async () => {
    gateway();
    const chat = fakeChat(() => new Response(null, { status: 500 }));
    renderPage(<PlaygroundPage />);
    await screen.findByRole('option', { name: 'chat' });
    await userEvent.type(screen.getByLabelText('Max tokens'), '-3');
    await userEvent.type(screen.getByLabelText('Temperature'), '5');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual([
      'Write at least one user message.',
      'Max tokens must be a whole number above 0.',
      'Temperature must be between 0 and 2.',
    ]);
    expect(chat).toHaveLength(0);
  });

  it('adds and removes messages', async () => {
    gateway();
    renderPage(<PlaygroundPage />);
    expect(screen.getByRole('button', { name: 'Remove message 1' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Add message' }));
    expect(screen.getByLabelText('Role of message 2')).toHaveValue('assistant');
    await userEvent.type(screen.getByLabelText('Message 2'), 'draft');
    await userEvent.click(screen.getByRole('button', { name: 'Remove message 1' }));
    expect(screen.queryByLabelText('Message 2')).toBeNull();
    expect(screen.getByLabelText('Message 1')).toHaveValue('draft');
  });

  it('shows the error when the models cannot be listed', async () => {
    fakeGateway({
      'GET /admin/models': () => reply(500, { error: { message: 'database is down' } }),
    });
    renderPage(<PlaygroundPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('database is down');
  });
});
