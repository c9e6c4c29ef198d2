import type OpenAI from 'openai';
import { addProvider } from '../support/config';
import { DEFAULT_MODELS, useConversionRig } from '../support/conversion-rig';
import { anthropicText, geminiText, openAIText } from '../support/sdks';

/**
 * What a conversation is made of survives conversion: system prompt, images (URL and base64),
 * multi-turn history; and the generation parameters (JSON mode, stop sequences, temperature,
 * top_p, max tokens) reach the upstream under its own names.
 */

type Json = Record<string, unknown>;

const SYSTEM = 'You are terse.';
const IMAGE_URL = 'https://example.com/cat.png';
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const DATA_URL = `data:image/png;base64,${PNG_BASE64}`;
const FIRST = 'What is in these pictures?';
const ANSWER = 'Two cats.';
const FOLLOW_UP = 'What colour are they?';

const CITY_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer' } },
  required: ['city', 'population'],
  additionalProperties: false,
};
const JSON_ANSWER = '{"city":"Paris","population":2100000}';

/** OpenAI chat messages, reduced to what the tests compare: role, text, image URLs. */
function openAIShape(messages: Json[]) {
  return messages.map((m) => {
    const parts = Array.isArray(m.content) ? (m.content as Json[]) : [];
    const images = parts
      .filter((p) => p.type === 'image_url')
      .map((p) => (p.image_url as { url: string }).url);
    return { role: m.role, text: openAIText(m.content), images };
  });
}

describe('conversation content and parameters survive conversion', () => {
  const rig = useConversionRig({
    keyName: 'content',
    // An OpenAI provider set to send max_completion_tokens (what OpenAI's reasoning models take).
    configure: (gateway, fakes) =>
      addProvider(gateway, 'p-openai-reasoning', fakes.openai, {
        max_tokens_field: 'max_completion_tokens',
      }),
    models: {
      ...DEFAULT_MODELS,
      'via-openai-reasoning': [{ provider: 'p-openai-reasoning', model: 'o-up' }],
    },
  });

  const openAIConversation: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: [
        { type: 'text', text: FIRST },
        { type: 'image_url', image_url: { url: IMAGE_URL } },
        { type: 'image_url', image_url: { url: DATA_URL } },
      ],
    },
    { role: 'assistant', content: ANSWER },
    { role: 'user', content: FOLLOW_UP },
  ];

  describe('system prompt, images and history', () => {
    it('openai client → anthropic upstream', async () => {
      await rig.sdks.openai.chat.completions.create({
        model: 'via-anthropic',
        messages: openAIConversation,
      });

      const body = rig.fakes.anthropic.chatRequests[0].body ?? {};
      expect(anthropicText(body.system)).toBe(SYSTEM);
      const messages = body.messages as { role: string; content: unknown }[];
      expect(messages.map((m) => [m.role, anthropicText(m.content)])).toEqual([
        ['user', FIRST],
        ['assistant', ANSWER],
        ['user', FOLLOW_UP],
      ]);
      const images = (messages[0].content as Json[]).filter((b) => b.type === 'image');
      expect(images.map((b) => b.source)).toEqual([
        { type: 'url', url: IMAGE_URL },
        { type: 'base64', media_type: 'image/png', data: PNG_BASE64 },
      ]);
    });

    it('openai client → gemini upstream', async () => {
      await rig.sdks.openai.chat.completions.create({
        model: 'via-gemini',
        messages: openAIConversation,
      });

      const body = rig.fakes.gemini.chatRequests[0].body ?? {};
      expect(geminiText(body.systemInstruction)).toBe(SYSTEM);
      const contents = body.contents as { role: string; parts: Json[] }[];
      expect(contents.map((c) => [c.role, geminiText(c)])).toEqual([
        ['user', FIRST],
        ['model', ANSWER],
        ['user', FOLLOW_UP],
      ]);
      const media = contents[0].parts.filter((p) => p.fileData || p.inlineData);
      expect(media).toEqual([
        { fileData: expect.objectContaining({ fileUri: IMAGE_URL }) },
        { inlineData: { mimeType: 'image/png', data: PNG_BASE64 } },
      ]);
    });

    it('anthropic client → openai upstream', async () => {
      await rig.sdks.anthropic.messages.create({
        model: 'via-openai',
        max_tokens: 100,
        system: [{ type: 'text', text: SYSTEM }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: FIRST },
              { type: 'image', source: { type: 'url', url: IMAGE_URL } },
              {
                type: 'image',
                source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 },
              },
            ],
          },
          { role: 'assistant', content: ANSWER },
          { role: 'user', content: FOLLOW_UP },
        ],
      });

      const messages = rig.fakes.openai.chatRequests[0].body?.messages as Json[];
      expect(openAIShape(messages)).toEqual([
        { role: 'system', text: SYSTEM, images: [] },
        { role: 'user', text: FIRST, images: [IMAGE_URL, DATA_URL] },
        { role: 'assistant', text: ANSWER, images: [] },
        { role: 'user', text: FOLLOW_UP, images: [] },
      ]);
    });

    it('gemini client → openai upstream', async () => {
      await rig.sdks.gemini.models.generateContent({
        model: 'via-openai',
        contents: [
          {
            role: 'user',
            parts: [
              { text: FIRST },
              { fileData: { mimeType: 'image/png', fileUri: IMAGE_URL } },
              { inlineData: { mimeType: 'image/png', data: PNG_BASE64 } },
            ],
          },
          { role: 'model', parts: [{ text: ANSWER }] },
          { role: 'user', parts: [{ text: FOLLOW_UP }] },
        ],
        config: { systemInstruction: SYSTEM },
      });

      const messages = rig.fakes.openai.chatRequests[0].body?.messages as Json[];
      expect(openAIShape(messages)).toEqual([
        { role: 'system', text: SYSTEM, images: [] },
        { role: 'user', text: FIRST, images: [IMAGE_URL, DATA_URL] },
        { role: 'assistant', text: ANSWER, images: [] },
        { role: 'user', text: FOLLOW_UP, images: [] },
      ]);
    });
  });

  describe('JSON mode, stop sequences, sampling and length', () => {
    it('openai client → anthropic upstream: stop, temperature, top_p, max_tokens; the schema joins the system prompt', async () => {
      rig.fakes.anthropic.behave({ content: JSON_ANSWER });
      const completion = await rig.sdks.openai.chat.completions.create({
        model: 'via-anthropic',
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: 'Biggest French city?' },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'city_info', schema: CITY_SCHEMA, strict: true },
        },
        stop: ['END'],
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 123,
      });

      expect(JSON.parse(completion.choices[0].message.content ?? '')).toEqual({
        city: 'Paris',
        population: 2100000,
      });
      const body = rig.fakes.anthropic.chatRequests[0].body ?? {};
      expect(body).toMatchObject({
        stop_sequences: ['END'],
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 123,
      });
      const system = anthropicText(body.system);
      expect(system).toContain(SYSTEM);
      expect(system).toContain('population');
    });

    it('openai client → gemini upstream: JSON schema as responseJsonSchema, stop, sampling, max tokens', async () => {
      rig.fakes.gemini.behave({ content: JSON_ANSWER });
      const completion = await rig.sdks.openai.chat.completions.create({
        model: 'via-gemini',
        messages: [{ role: 'user', content: 'Biggest French city?' }],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'city_info', schema: CITY_SCHEMA },
        },
        stop: 'END',
        temperature: 0.2,
        top_p: 0.9,
        max_completion_tokens: 123,
      });

      expect(completion.choices[0].message.content).toBe(JSON_ANSWER);
      expect(rig.fakes.gemini.chatRequests[0].body?.generationConfig).toMatchObject({
        responseMimeType: 'application/json',
        responseJsonSchema: expect.objectContaining({ properties: CITY_SCHEMA.properties }),
        stopSequences: ['END'],
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 123,
      });
    });

    it('openai client → gemini upstream: json_object mode asks for JSON', async () => {
      await rig.sdks.openai.chat.completions.create({
        model: 'via-gemini',
        messages: [{ role: 'user', content: 'Reply in JSON' }],
        response_format: { type: 'json_object' },
      });
      expect(rig.fakes.gemini.chatRequests[0].body?.generationConfig).toMatchObject({
        responseMimeType: 'application/json',
      });
    });

    it('gemini client → openai upstream: responseJsonSchema, stopSequences, sampling, maxOutputTokens', async () => {
      rig.fakes.openai.behave({ content: JSON_ANSWER });
      const response = await rig.sdks.gemini.models.generateContent({
        model: 'via-openai',
        contents: 'Biggest French city?',
        config: {
          responseMimeType: 'application/json',
          responseJsonSchema: CITY_SCHEMA,
          stopSequences: ['END'],
          temperature: 0.2,
          topP: 0.9,
          maxOutputTokens: 123,
        },
      });

      expect(response.text).toBe(JSON_ANSWER);
      const body = rig.fakes.openai.chatRequests[0].body ?? {};
      expect(body).toMatchObject({
        response_format: {
          type: 'json_schema',
          json_schema: expect.objectContaining({
            schema: expect.objectContaining({ properties: CITY_SCHEMA.properties }),
          }),
        },
        temperature: 0.2,
        top_p: 0.9,
      });
      expect([body.stop].flat()).toEqual(['END']);
      expect(body.max_tokens ?? body.max_completion_tokens).toBe(123);
    });

    it('anthropic client → openai upstream: max_tokens, or max_completion_tokens as the provider says', async () => {
      const params = { max_tokens: 321, messages: [{ role: 'user' as const, content: 'hi' }] };
      await rig.sdks.anthropic.messages.create({ ...params, model: 'via-openai' });
      await rig.sdks.anthropic.messages.create({ ...params, model: 'via-openai-reasoning' });
      const [plain, reasoning] = rig.fakes.openai.chatRequests.map((r) => r.body ?? {});
      expect(plain).toMatchObject({ model: 'gpt-up', max_tokens: 321 });
      expect(plain).not.toHaveProperty('max_completion_tokens');
      expect(reasoning).toMatchObject({ model: 'o-up', max_completion_tokens: 321 });
      expect(reasoning).not.toHaveProperty('max_tokens');
    });

    it('anthropic client → gemini upstream: stop_sequences, temperature, top_p, top_k, max_tokens', async () => {
      // SDK 1.12 no longer types the sampling fields; the API and older SDKs still send them.
      const params = {
        model: 'via-gemini',
        max_tokens: 77,
        stop_sequences: ['###'],
        temperature: 0.4,
        top_p: 0.8,
        top_k: 20,
        messages: [{ role: 'user' as const, content: 'Count to three' }],
      };
      await rig.sdks.anthropic.messages.create(params);
      expect(rig.fakes.gemini.chatRequests[0].body?.generationConfig).toMatchObject({
        stopSequences: ['###'],
        temperature: 0.4,
        topP: 0.8,
        topK: 20,
        maxOutputTokens: 77,
      });
    });

    it.each(['openai', 'gemini'] as const)(
      '%s client without a length limit → anthropic upstream gets max_tokens 4096',
      async (client) => {
        if (client === 'openai') {
          await rig.sdks.openai.chat.completions.create({
            model: 'via-anthropic',
            messages: [{ role: 'user', content: 'hi' }],
          });
        } else {
          await rig.sdks.gemini.models.generateContent({ model: 'via-anthropic', contents: 'hi' });
        }
        expect(rig.fakes.anthropic.chatRequests).toHaveLength(1);
        expect(rig.fakes.anthropic.chatRequests[0].body?.max_tokens).toBe(4096);
      },
    );
  });
});
