import type { RecordedRequest } from '../fakes/fake-server';
import type { GeminiRecordedRequest } from '../fakes/gemini-upstream';
import { addModel, addProvider } from '../support/config';
import { useConversionRig } from '../support/conversion-rig';
import { askText, ClientApi, newRequestId } from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * Stream ⇄ non-stream: a provider that cannot stream serves a streaming client with a
 * well-formed stream, and a provider that only streams serves a non-streaming client with one
 * whole answer — in every client format, passthrough family or converted.
 */

type Format = 'openai' | 'anthropic' | 'gemini';

const CHUNKS = ['Alpha ', 'beta ', 'gamma ', 'delta.'];
const TEXT = CHUNKS.join('');
/** The token counts every fake reports, in its own format's fields. */
const PROMPT = 19;
const COMPLETION = 4;

describe('stream ⇄ non-stream across stream support', () => {
  const rig = useConversionRig({
    keyName: 'stream-modes',
    fakes: {
      openai: {
        behaviour: {
          content: TEXT,
          chunks: CHUNKS,
          usage: { prompt_tokens: PROMPT, completion_tokens: COMPLETION },
        },
      },
      anthropic: {
        behaviour: {
          content: TEXT,
          chunks: CHUNKS,
          usage: { input_tokens: PROMPT, output_tokens: COMPLETION },
        },
      },
      gemini: {
        behaviour: {
          content: TEXT,
          chunks: CHUNKS,
          usage: { promptTokenCount: PROMPT, candidatesTokenCount: COMPLETION },
        },
      },
    },
    // Per format, a provider that cannot stream and one that only streams, and a model on each.
    providers: {},
    models: {},
    async configure(gateway, fakes) {
      for (const format of Object.keys(fakes) as Format[]) {
        const common = { format, retries: 0 };
        await addProvider(gateway, `no-stream-${format}`, fakes[format].baseUrl, {
          ...common,
          stream_support: false,
        });
        await addProvider(gateway, `stream-only-${format}`, fakes[format].baseUrl, {
          ...common,
          non_stream_support: false,
        });
        await addModel(gateway, `no-stream-${format}`, [
          { provider: `no-stream-${format}`, model: `${format}-upstream` },
        ]);
        await addModel(gateway, `stream-only-${format}`, [
          { provider: `stream-only-${format}`, model: `${format}-upstream` },
        ]);
      }
    },
  });

  /** Whether the upstream was asked to stream, in its own format's terms. */
  function upstreamStreamed(format: Format): boolean {
    const fake = rig.fakes[format];
    const requests = fake.chatRequests as RecordedRequest[];
    expect(requests).toHaveLength(1);
    if (format === 'gemini') {
      const { rpc, path } = requests[0] as GeminiRecordedRequest;
      if (rpc === 'streamGenerateContent') expect(path).toMatch(/\?alt=sse$/);
      return rpc === 'streamGenerateContent';
    }
    return requests[0].body?.stream === true;
  }

  const pairs: [ClientApi, Format][] = [
    ['openai', 'openai'],
    ['openai', 'anthropic'],
    ['anthropic', 'anthropic'],
    ['anthropic', 'gemini'],
    ['gemini', 'gemini'],
    ['gemini', 'openai'],
  ];

  it.each(pairs)(
    'streaming %s client ← %s provider with stream_support false: a complete stream from one answer',
    async (client, format) => {
      const requestId = newRequestId(`no-stream-${client}-${format}`);
      const text = await askText(rig.sdks, client, {
        model: `no-stream-${format}`,
        prompt: 'Recite the Greek letters',
        stream: true,
        requestId,
      });

      expect(text).toBe(TEXT);
      expect(upstreamStreamed(format)).toBe(false);
      const row = await usageRowFor(rig.gateway.db, requestId);
      expect(row).toMatchObject({
        stream: true,
        stream_cut: false,
        status: 200,
        prompt_tokens: PROMPT,
        completion_tokens: COMPLETION,
      });
    },
  );

  it.each(pairs)(
    'non-stream %s client ← %s provider with non_stream_support false: the stream collected into one answer',
    async (client, format) => {
      const requestId = newRequestId(`stream-only-${client}-${format}`);
      const text = await askText(rig.sdks, client, {
        model: `stream-only-${format}`,
        prompt: 'Recite the Greek letters',
        stream: false,
        requestId,
      });

      expect(text).toBe(TEXT);
      expect(upstreamStreamed(format)).toBe(true);
      const row = await usageRowFor(rig.gateway.db, requestId);
      expect(row).toMatchObject({
        stream: false,
        status: 200,
        prompt_tokens: PROMPT,
        completion_tokens: COMPLETION,
      });
    },
  );

  it('gemini streamGenerateContent without ?alt=sse answers one JSON array of responses', async () => {
    const response = await rig.gateway.fetch(
      '/v1beta/models/stream-only-openai:streamGenerateContent',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': rig.key },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Recite' }] }] }),
      },
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const items = JSON.parse(await response.text()) as {
      candidates?: { content?: { parts?: { text?: string }[] }; finishReason?: string }[];
    }[];
    expect(Array.isArray(items)).toBe(true);
    expect(items.length).toBeGreaterThan(1);
    const text = items
      .flatMap((item) => item.candidates?.[0]?.content?.parts ?? [])
      .map((p) => p.text ?? '')
      .join('');
    expect(text).toBe(TEXT);
    expect(items[items.length - 1].candidates?.[0]?.finishReason).toBe('STOP');
  });
});
