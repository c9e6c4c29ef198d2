import Anthropic, { APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import { ApiError, type GoogleGenAI } from '@google/genai';
import OpenAI, { APIError as OpenAIAPIError } from 'openai';
import { FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream';
import { FakeGemini, startFakeGemini } from '../fakes/gemini-upstream';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { rejectionOf } from '../support/expect';
import { Gateway, startGateway } from '../support/gateway';
import { anthropicSdk, geminiSdk, newRequestId, requestIdHeader } from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * An upstream stream that breaks after the first byte reached the client cannot fail over: the
 * client's stream ends with an error in its own format, the SDK raises it instead of finishing
 * cleanly, and the usage row says the stream was cut — converted streams and passthrough alike.
 */

const CHUNKS = ['Once ', 'upon ', 'a ', 'time ', 'there ', 'was ', 'a ', 'gateway.'];

describe('mid-stream cuts in converted and passthrough streams', () => {
  let gateway: Gateway;
  let openaiUp: FakeOpenAI;
  let anthropicUp: FakeAnthropic;
  let geminiUp: FakeGemini;
  let openai: OpenAI;
  let anthropic: Anthropic;
  let gemini: GoogleGenAI;

  beforeAll(async () => {
    [openaiUp, anthropicUp, geminiUp] = await Promise.all([
      startFakeOpenAI(),
      startFakeAnthropic(),
      startFakeGemini(),
    ]);
    gateway = await startGateway();
    await addProvider(gateway, 'p-openai', openaiUp, { retries: 0 });
    await addProvider(gateway, 'p-anthropic', anthropicUp.baseUrl, {
      format: 'anthropic',
      retries: 0,
    });
    await addProvider(gateway, 'p-gemini', geminiUp.baseUrl, { format: 'gemini', retries: 0 });
    // A second target behind each: a cut after the first byte must not fail over to it.
    await addProvider(gateway, 'spare', openaiUp, { retries: 0 });
    for (const format of ['openai', 'anthropic', 'gemini']) {
      await addModel(gateway, `via-${format}`, [
        { provider: `p-${format}`, model: `${format}-up`, priority: 1 },
        { provider: 'spare', model: 'spare-up', priority: 2 },
      ]);
    }
    const key = await addKey(gateway, 'cuts');
    openai = gateway.openai(key);
    anthropic = anthropicSdk(gateway, key);
    gemini = geminiSdk(gateway, key);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openaiUp, anthropicUp, geminiUp].map((f) => f?.close()));
  });

  beforeEach(() => {
    for (const fake of [openaiUp, anthropicUp, geminiUp]) fake.reset();
  });

  async function expectCutRecorded(requestId: string, provider: string) {
    const row = await usageRowFor(gateway.db, requestId);
    expect(row).toMatchObject({
      stream: true,
      stream_cut: true,
      provider,
      attempts: 1,
      error_code: 'upstream_stream_cut',
    });
    // The spare target was never asked: a started stream cannot move.
    expect(openaiUp.chatRequests.filter((r) => r.body?.model === 'spare-up')).toHaveLength(0);
  }

  /** Read an Anthropic SDK stream to its end: the text seen, the error raised, stop events. */
  async function readAnthropic(model: string, requestId: string) {
    const stream = anthropic.messages.stream(
      { model, max_tokens: 500, messages: [{ role: 'user', content: 'Tell me a story' }] },
      requestIdHeader(requestId),
    );
    let text = '';
    let stopped = false;
    stream.on('text', (delta) => (text += delta));
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_stop') stopped = true;
    });
    const error = await rejectionOf(stream.finalMessage());
    return { text, error, stopped };
  }

  it('anthropic client ← openai upstream cut after 3 events: an error, not message_stop', async () => {
    openaiUp.behave({ chunks: CHUNKS, cutAfterEvents: 3 });
    const requestId = newRequestId('cut-anthropic-openai');
    const { text, error, stopped } = await readAnthropic('via-openai', requestId);

    expect(text).toBe('Once upon ');
    expect(stopped).toBe(false);
    expect(error).toBeInstanceOf(AnthropicAPIError);
    expect((error as AnthropicAPIError).error).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.stringMatching(/broke off/) },
    });
    await expectCutRecorded(requestId, 'p-openai');
  });

  it('anthropic client ← anthropic upstream (passthrough) cut mid-text: an error event', async () => {
    // message_start, content_block_start, ping, then one event per chunk.
    anthropicUp.behave({ chunks: CHUNKS, cutAfterEvents: 5 });
    const requestId = newRequestId('cut-anthropic-anthropic');
    const { text, error, stopped } = await readAnthropic('via-anthropic', requestId);

    expect(text).toBe('Once upon ');
    expect(stopped).toBe(false);
    expect(error).toBeInstanceOf(AnthropicAPIError);
    expect((error as AnthropicAPIError).error).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.stringMatching(/broke off/) },
    });
    await expectCutRecorded(requestId, 'p-anthropic');
  });

  it('openai client ← gemini upstream cut: the SDK raises, no finish_reason', async () => {
    geminiUp.behave({ chunks: CHUNKS, cutAfterEvents: 3 });
    const requestId = newRequestId('cut-openai-gemini');
    const stream = await openai.chat.completions.create(
      {
        model: 'via-gemini',
        messages: [{ role: 'user', content: 'Tell me a story' }],
        stream: true,
      },
      requestIdHeader(requestId),
    );
    let text = '';
    const finishReasons: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
        }
      })(),
    );

    expect(error).toBeInstanceOf(OpenAIAPIError);
    expect((error as OpenAIAPIError).message).toMatch(/broke off/);
    expect(text).toBe('Once upon a ');
    expect(finishReasons).toEqual([]);
    await expectCutRecorded(requestId, 'p-gemini');
  });

  it('openai client ← anthropic upstream cut: finalChatCompletion() rejects', async () => {
    anthropicUp.behave({ chunks: CHUNKS, cutAfterEvents: 6 });
    const requestId = newRequestId('cut-openai-anthropic');
    const stream = openai.chat.completions.stream(
      { model: 'via-anthropic', messages: [{ role: 'user', content: 'Tell me a story' }] },
      requestIdHeader(requestId),
    );
    let text = '';
    stream.on('content', (delta) => (text += delta));

    expect(await rejectionOf(stream.finalChatCompletion())).toBeInstanceOf(OpenAIAPIError);
    expect(text).toBe('Once upon a ');
    await expectCutRecorded(requestId, 'p-anthropic');
  });

  it('gemini client ← anthropic upstream cut: iterating generateContentStream throws', async () => {
    anthropicUp.behave({ chunks: CHUNKS, cutAfterEvents: 5 });
    const requestId = newRequestId('cut-gemini-anthropic');
    const stream = await gemini.models.generateContentStream({
      model: 'via-anthropic',
      contents: 'Tell me a story',
      config: { httpOptions: requestIdHeader(requestId) },
    });
    let text = '';
    const finishReasons: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of stream) {
          text += chunk.text ?? '';
          const reason = chunk.candidates?.[0]?.finishReason;
          if (reason) finishReasons.push(reason);
        }
      })(),
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, message: expect.stringMatching(/broke off/) });
    expect(text).toBe('Once upon ');
    expect(finishReasons).toEqual([]);
    await expectCutRecorded(requestId, 'p-anthropic');
  });

  it('a stream that ends without its terminator (no message_stop) is a cut too', async () => {
    anthropicUp.behave({ chunks: CHUNKS, omitDone: true });
    const requestId = newRequestId('cut-openai-anthropic-nostop');
    const stream = await openai.chat.completions.create(
      {
        model: 'via-anthropic',
        messages: [{ role: 'user', content: 'Tell me a story' }],
        stream: true,
      },
      requestIdHeader(requestId),
    );
    let text = '';
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    );
    expect(error).toBeInstanceOf(OpenAIAPIError);
    expect(text).toBe(CHUNKS.join(''));
    await expectCutRecorded(requestId, 'p-anthropic');
  });
});
