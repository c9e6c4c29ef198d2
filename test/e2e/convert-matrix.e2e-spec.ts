import type { RecordedRequest } from '../fakes/fake-server';
import { useConversionRig } from '../support/conversion-rig';
import {
  anthropicText,
  askText,
  ClientApi,
  geminiText,
  newRequestId,
  openAIText,
} from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * Every client API × every provider format, stream and non-stream: the SDK gets the upstream's
 * text, the upstream gets a well-formed request in its own format, and the usage row holds the
 * upstream's token counts.
 */

type Client = ClientApi;
type Egress = 'openai' | 'azure' | 'anthropic' | 'gemini';

const SYSTEM = 'Answer in one short sentence.';
const QUESTION = 'Say hello';

/** Each upstream answers with its own text and token counts, so a mix-up shows. */
const ANSWERS: Record<Egress, { text: string; prompt: number; completion: number }> = {
  openai: { text: 'Hello from the OpenAI upstream.', prompt: 21, completion: 5 },
  azure: { text: 'Hello from the OpenAI upstream.', prompt: 21, completion: 5 },
  anthropic: { text: 'Hello from the Anthropic upstream.', prompt: 31, completion: 6 },
  gemini: { text: 'Hello from the Gemini upstream.', prompt: 41, completion: 8 },
};

const UPSTREAM_MODELS: Record<Egress, string> = {
  openai: 'gpt-upstream',
  azure: 'my-deployment',
  anthropic: 'claude-upstream',
  gemini: 'gemini-upstream',
};

const PROVIDER_KEYS: Record<Egress, string> = {
  openai: 'sk-openai-provider-key',
  azure: 'azure-provider-key-0001',
  anthropic: 'sk-ant-provider-key',
  gemini: 'gemini-provider-key-0001',
};

describe('conversion matrix: every client SDK × every provider format', () => {
  const rig = useConversionRig({
    keyName: 'matrix',
    fakes: {
      openai: {
        behaviour: {
          content: ANSWERS.openai.text,
          usage: { prompt_tokens: 21, completion_tokens: 5 },
        },
      },
      anthropic: {
        behaviour: {
          content: ANSWERS.anthropic.text,
          usage: { input_tokens: 31, output_tokens: 6 },
        },
      },
      gemini: {
        behaviour: {
          content: ANSWERS.gemini.text,
          usage: { promptTokenCount: 41, candidatesTokenCount: 8 },
        },
      },
    },
    providers: {
      openai: { api_key: PROVIDER_KEYS.openai },
      azure: { api_key: PROVIDER_KEYS.azure, api_version: '2024-06-01' },
      anthropic: { api_key: PROVIDER_KEYS.anthropic },
      gemini: { api_key: PROVIDER_KEYS.gemini },
    },
    models: Object.fromEntries(
      (Object.keys(UPSTREAM_MODELS) as Egress[]).map((egress) => [
        `via-${egress}`,
        [{ provider: `p-${egress}`, model: UPSTREAM_MODELS[egress] }],
      ]),
    ),
  });

  function lastChatRequest(egress: Egress): RecordedRequest {
    const fake = rig.fakes[egress === 'azure' ? 'openai' : egress];
    const requests = fake.chatRequests as RecordedRequest[];
    expect(requests.length).toBeGreaterThan(0);
    return requests[requests.length - 1];
  }

  /** The request the upstream received is a correct one in ITS format. */
  function expectUpstreamRequest(egress: Egress, sent: RecordedRequest, stream: boolean) {
    const body = sent.body ?? {};
    switch (egress) {
      case 'openai':
      case 'azure': {
        if (egress === 'openai') {
          expect(sent.path).toBe('/v1/chat/completions');
          expect(sent.headers.authorization).toBe(`Bearer ${PROVIDER_KEYS.openai}`);
          expect(body.model).toBe(UPSTREAM_MODELS.openai);
        } else {
          expect(sent.path).toBe(
            '/openai/deployments/my-deployment/chat/completions?api-version=2024-06-01',
          );
          expect(sent.headers['api-key']).toBe(PROVIDER_KEYS.azure);
          expect(sent.headers.authorization).toBeUndefined();
        }
        const messages = body.messages as { role: string; content: unknown }[];
        expect(messages.map((m) => [m.role, openAIText(m.content)])).toEqual([
          ['system', SYSTEM],
          ['user', QUESTION],
        ]);
        expect(body.stream ?? false).toBe(stream);
        expect(body.temperature).toBe(0.3);
        expect(body.max_tokens ?? body.max_completion_tokens).toBe(200);
        return;
      }
      case 'anthropic': {
        expect(sent.path).toBe('/v1/messages');
        expect(sent.headers['x-api-key']).toBe(PROVIDER_KEYS.anthropic);
        expect(sent.headers['anthropic-version']).toBe('2023-06-01');
        // The client's gateway key never reaches a provider.
        expect(sent.headers.authorization).toBeUndefined();
        expect(body.model).toBe(UPSTREAM_MODELS.anthropic);
        expect(body.max_tokens).toBe(200);
        expect(anthropicText(body.system)).toBe(SYSTEM);
        const messages = body.messages as { role: string; content: unknown }[];
        expect(messages.map((m) => [m.role, anthropicText(m.content)])).toEqual([
          ['user', QUESTION],
        ]);
        expect(body.stream ?? false).toBe(stream);
        expect(body.temperature).toBe(0.3);
        return;
      }
      case 'gemini': {
        const rpc = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
        expect(sent.path).toBe(`/v1beta/models/${UPSTREAM_MODELS.gemini}:${rpc}`);
        expect(sent.headers['x-goog-api-key']).toBe(PROVIDER_KEYS.gemini);
        expect(sent.headers.authorization).toBeUndefined();
        expect(body.model).toBeUndefined();
        expect(geminiText(body.systemInstruction)).toBe(SYSTEM);
        const contents = body.contents as { role: string }[];
        expect(contents.map((c) => [c.role, geminiText(c)])).toEqual([['user', QUESTION]]);
        expect(body.generationConfig).toMatchObject({ maxOutputTokens: 200, temperature: 0.3 });
        return;
      }
    }
  }

  const clients: Client[] = ['openai', 'anthropic', 'gemini'];
  const egresses: Egress[] = ['openai', 'azure', 'anthropic', 'gemini'];
  const cells = clients.flatMap((client) =>
    egresses.flatMap((egress) =>
      [false, true].map((stream) => [client, egress, stream ? 'stream' : 'non-stream'] as const),
    ),
  );

  it.each(cells)('%s client → %s provider, %s', async (client, egress, mode) => {
    const stream = mode === 'stream';
    const requestId = newRequestId(`matrix-${client}-${egress}`);

    const text = await askText(rig.sdks, client, {
      model: `via-${egress}`,
      prompt: QUESTION,
      system: SYSTEM,
      stream,
      maxTokens: 200,
      temperature: 0.3,
      requestId,
    });

    expect(text).toBe(ANSWERS[egress].text);
    expectUpstreamRequest(egress, lastChatRequest(egress), stream);
    const row = await usageRowFor(rig.gateway.db, requestId);
    const endpoints: Record<Client, string> = {
      openai: '/v1/chat/completions',
      anthropic: '/v1/messages',
      gemini: `/v1beta/models:${stream ? 'streamGenerateContent' : 'generateContent'}`,
    };
    expect(row).toMatchObject({
      endpoint: endpoints[client],
      model: `via-${egress}`,
      provider: `p-${egress}`,
      upstream_model: UPSTREAM_MODELS[egress],
      stream,
      status: 200,
      stream_cut: false,
      prompt_tokens: ANSWERS[egress].prompt,
      completion_tokens: ANSWERS[egress].completion,
    });
  });

  describe('finish reasons in the client format', () => {
    /** The finish reason as the client's SDK reports it (non-stream). */
    async function finishReason(client: Client, model: string): Promise<string | null> {
      if (client === 'openai') {
        const completion = await rig.sdks.openai.chat.completions.create({
          model,
          messages: [{ role: 'user', content: QUESTION }],
        });
        return completion.choices[0].finish_reason;
      }
      if (client === 'anthropic') {
        const message = await rig.sdks.anthropic.messages.create({
          model,
          max_tokens: 5,
          messages: [{ role: 'user', content: QUESTION }],
        });
        return message.stop_reason;
      }
      const response = await rig.sdks.gemini.models.generateContent({ model, contents: QUESTION });
      return response.candidates?.[0]?.finishReason ?? null;
    }

    // [client, provider, the fake's finish reason (OpenAI terms), what the client sees]
    it.each([
      ['openai', 'anthropic', 'length', 'length'],
      ['openai', 'gemini', 'length', 'length'],
      ['anthropic', 'openai', 'length', 'max_tokens'],
      ['anthropic', 'gemini', 'length', 'max_tokens'],
      ['gemini', 'openai', 'length', 'MAX_TOKENS'],
      ['gemini', 'anthropic', 'length', 'MAX_TOKENS'],
      ['anthropic', 'openai', 'content_filter', 'refusal'],
      ['gemini', 'openai', 'content_filter', 'SAFETY'],
      ['openai', 'anthropic', 'stop_sequence', 'stop'],
    ] as const)('%s client ← %s provider: %s is %s', async (client, egress, upstream, seen) => {
      const fake = rig.fakes[egress];
      fake.behave({ content: 'Cut sh', finishReason: upstream });
      expect(await finishReason(client, `via-${egress}`)).toBe(seen);
    });
  });
});
