import { withoutReasoningParams } from './reasoning-params';

describe('withoutReasoningParams', () => {
  it('drops reasoning_effort and reasoning from an OpenAI body, nothing else', () => {
    const body = { model: 'o3', reasoning_effort: 'high', reasoning: { effort: 'low' }, n: 1 };
    expect(withoutReasoningParams('openai', body)).toEqual({ model: 'o3', n: 1 });
    expect(body.reasoning_effort).toBe('high');
  });

  it('drops thinking from an Anthropic body', () => {
    const body = { model: 'c', max_tokens: 9, thinking: { type: 'enabled', budget_tokens: 2048 } };
    expect(withoutReasoningParams('anthropic', body)).toEqual({ model: 'c', max_tokens: 9 });
  });

  it("drops Anthropic's output_config.effort, and output_config when nothing else is in it", () => {
    const body = { model: 'c', output_config: { effort: 'high' }, thinking: { type: 'adaptive' } };
    expect(withoutReasoningParams('anthropic', body)).toEqual({ model: 'c' });
    const other = { model: 'c', output_config: { effort: 'low', format: { type: 'json' } } };
    expect(withoutReasoningParams('anthropic', other)).toEqual({
      model: 'c',
      output_config: { format: { type: 'json' } },
    });
  });

  it('drops generationConfig.thinkingConfig from a Gemini body and keeps the rest of it', () => {
    const body = {
      contents: [],
      generationConfig: { temperature: 0.2, thinkingConfig: { thinkingBudget: 1024 } },
    };
    expect(withoutReasoningParams('gemini', body)).toEqual({
      contents: [],
      generationConfig: { temperature: 0.2 },
    });
  });

  it('returns the same object when there is nothing to drop', () => {
    const body = { model: 'm', messages: [] };
    expect(withoutReasoningParams('openai', body)).toBe(body);
    expect(withoutReasoningParams('gemini', body)).toBe(body);
  });
});
