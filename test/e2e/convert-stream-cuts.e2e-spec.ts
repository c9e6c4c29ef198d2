import { APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import { ApiError } from '@google/genai';
import { APIError as OpenAIAPIError } from 'openai';
import { addProvider } from '../support/config';
import { useConversionRig } from '../support/conversion-rig';
import { rejectionOf } from '../support/expect';
import { newRequestId, requestIdHeader } from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * An upstream stream that breaks after the first byte reached the client cannot fail over: the
 * client's stream ends with an error in its own format, the SDK raises it instead of finishing
 * cleanly, and the usage row says the stream was cut — converted streams and passthrough alike.
 */

const CHUNKS = ['Once ', 'upon ', 'a ', 'time ', 'there ', 'was ', 'a ', 'gateway.'];

describe('mid-stream cuts in converted and passthrough streams', () => {
  const rig = useConversionRig({
    keyName: 'cuts',
    // A second target behind each: a cut after the first byte must not fail over to it.
    configure: (gateway, fakes) => addProvider(gateway, 'spare', fakes.openai, { retries: 0 }),
    models: Object.fromEntries(
      ['openai', 'anthropic', 'gemini'].map((format) => [
        `via-${format}`,
        [
          { provider: `p-${format}`, model: `${format}-up`, priority: 1 },
          { provider: 'spare', model: 'spare-up', priority: 2 },
        ],
      ]),
    ),
  });

  async function expectCutRecorded(requestId: string, provider: string) {
    const row = await usageRowFor(rig.gateway.db, requestId);
    expect(row).toMatchObject({
      stream: true,
      stream_cut: true,
      provider,
      attempts: 1,
      error_code: 'upstream_stream_cut',
    });
    // The spare target was never asked: a started stream cannot move.
    expect(rig.fakes.openai.chatRequests.filter((r) => r.body?.model === 'spare-up')).toHaveLength(
      0,
    );
  }

  /** Read an Anthropic SDK stream to its end: the text seen, the error raised, stop events. */
  async function readAnthropic(model: string, requestId: string) {
    const stream = rig.sdks.anthropic.messages.stream(
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

  /** The text before the cut arrived, then an Anthropic error event instead of message_stop. */
  function expectAnthropicCut({ text, error, stopped }: Awaited<ReturnType<typeof readAnthropic>>) {
    expect(text).toBe('Once upon ');
    expect(stopped).toBe(false);
    expect(error).toBeInstanceOf(AnthropicAPIError);
    expect((error as AnthropicAPIError).error).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.stringMatching(/broke off/) },
    });
  }

  it('anthropic client ← openai upstream cut after 3 events: an error, not message_stop', async () => {
    rig.fakes.openai.behave({ chunks: CHUNKS, cutAfterEvents: 3 });
    const requestId = newRequestId('cut-anthropic-openai');
    expectAnthropicCut(await readAnthropic('via-openai', requestId));
    await expectCutRecorded(requestId, 'p-openai');
  });

  it('anthropic client ← anthropic upstream (passthrough) cut mid-text: an error event', async () => {
    // message_start, content_block_start, ping, then one event per chunk.
    rig.fakes.anthropic.behave({ chunks: CHUNKS, cutAfterEvents: 5 });
    const requestId = newRequestId('cut-anthropic-anthropic');
    expectAnthropicCut(await readAnthropic('via-anthropic', requestId));
    await expectCutRecorded(requestId, 'p-anthropic');
  });

  it('openai client ← gemini upstream cut: the SDK raises, no finish_reason', async () => {
    rig.fakes.gemini.behave({ chunks: CHUNKS, cutAfterEvents: 3 });
    const requestId = newRequestId('cut-openai-gemini');
    const stream = await rig.sdks.openai.chat.completions.create(
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
    rig.fakes.anthropic.behave({ chunks: CHUNKS, cutAfterEvents: 6 });
    const requestId = newRequestId('cut-openai-anthropic');
    const stream = rig.sdks.openai.chat.completions.stream(
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
    rig.fakes.anthropic.behave({ chunks: CHUNKS, cutAfterEvents: 5 });
    const requestId = newRequestId('cut-gemini-anthropic');
    const stream = await rig.sdks.gemini.models.generateContentStream({
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
    rig.fakes.anthropic.behave({ chunks: CHUNKS, omitDone: true });
    const requestId = newRequestId('cut-openai-anthropic-nostop');
    const stream = await rig.sdks.openai.chat.completions.create(
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
