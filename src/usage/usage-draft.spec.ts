import { UsageDraft } from './usage-draft';

describe('UsageDraft', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2025-03-01T12:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const draft = () =>
    new UsageDraft('req-1', '/v1/chat/completions', 'key-1', 'web-app', 'm', true);

  it('turns what was recorded into a usage row', () => {
    const usage = draft();
    usage.servedBy(
      { provider: { id: 'reseller' }, price: { input: 1, output: 4, cached_input: 0.5 } },
      'openai/gpt-4o-mini',
    );
    usage.promptTokens = 120;
    usage.completionTokens = 30;
    usage.cachedTokens = 100;
    usage.streamCut = true;
    usage.attempts.push(
      { provider: 'openai', model: 'gpt-4o-mini', status: 502, error: 'HTTP 502', latency_ms: 5 },
      { provider: 'reseller', model: 'openai/gpt-4o-mini', status: 200, latency_ms: 40 },
    );
    jest.advanceTimersByTime(250);

    expect(usage.finish(200, null)).toEqual({
      createdAt: new Date('2025-03-01T12:00:00Z'),
      requestId: 'req-1',
      keyId: 'key-1',
      keyName: 'web-app',
      model: 'm',
      provider: 'reseller',
      upstreamModel: 'openai/gpt-4o-mini',
      endpoint: '/v1/chat/completions',
      stream: true,
      status: 200,
      errorCode: null,
      promptTokens: 120,
      completionTokens: 30,
      cachedTokens: 100,
      latencyMs: 250,
      ttftMs: null,
      attempts: usage.attempts,
      streamCut: true,
      // (20 × 1 + 100 × 0.5 + 30 × 4) / 1M
      costUsd: 0.00019,
    });
  });

  it('records a request that failed before any target answered', () => {
    const usage = new UsageDraft('req-2', '/v1/chat/completions', null, null, 'nope', false);
    expect(usage.finish(404, 'model_not_found')).toMatchObject({
      keyId: null,
      provider: null,
      upstreamModel: null,
      status: 404,
      errorCode: 'model_not_found',
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      ttftMs: null,
      attempts: [],
      streamCut: false,
    });
  });

  it("records the upstream's reported model name over the name sent, when it reported one", () => {
    const usage = draft();
    usage.servedBy({ provider: { id: 'openai' }, price: undefined }, 'gpt-4o');
    expect(usage.servedModel).toBe('gpt-4o');
    usage.reportedModel = 'gpt-4o-2024-08-06';
    expect(usage.finish(200, null)).toMatchObject({
      model: 'm',
      upstreamModel: 'gpt-4o-2024-08-06',
    });
  });

  it('keeps the time of the first token only', () => {
    const usage = draft();
    jest.advanceTimersByTime(120);
    usage.markFirstToken();
    jest.advanceTimersByTime(500);
    usage.markFirstToken();
    const row = usage.finish(200, null);
    expect(row.ttftMs).toBe(120);
    expect(row.latencyMs).toBe(620);
  });
});

describe('UsageDraft.onFinish', () => {
  it('hands the final row to every finisher, once the request ends', () => {
    const usage = new UsageDraft('req-3', '/v1/chat/completions', 'k', 'key', 'm', false);
    const seen: number[] = [];
    usage.onFinish((entry) => seen.push(entry.status));
    usage.onFinish((entry) => seen.push(entry.promptTokens));
    usage.promptTokens = 7;
    expect(seen).toEqual([]);
    usage.finish(200, null);
    expect(seen).toEqual([200, 7]);
  });
});
