import { InvalidRequestError } from '../../common/errors/gateway-error';
import { fixtureJson } from '../testing/fixtures';
import {
  GEMINI_MAX_BATCH,
  base64ToFloats,
  floatsToBase64,
  geminiEmbedRequestToOpenAI,
  geminiEmbeddingsToOpenAIResponse,
  openAIEmbeddingsToGeminiRequest,
  openAIEmbeddingsToGeminiResponse,
} from './index';

const openAIRequest = () =>
  fixtureJson<Record<string, unknown>>(__dirname, 'embeddings.openai-request.json');
const geminiResponse = () => fixtureJson(__dirname, 'embeddings.gemini-response.json');

function paramOf(call: () => unknown): string | null {
  try {
    call();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRequestError);
    return (e as InvalidRequestError).param;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('OpenAI embeddings client → Gemini batchEmbedContents', () => {
  it('builds the golden batchEmbedContents body', () => {
    expect(openAIEmbeddingsToGeminiRequest(openAIRequest(), 'gemini-embedding-001')).toEqual(
      fixtureJson(__dirname, 'embeddings.gemini-request.json'),
    );
  });

  it('accepts a single string and an upstream model already prefixed with models/', () => {
    expect(
      openAIEmbeddingsToGeminiRequest({ model: 'e', input: 'Hi' }, 'models/text-embedding-004'),
    ).toEqual({
      requests: [{ model: 'models/text-embedding-004', content: { parts: [{ text: 'Hi' }] } }],
    });
  });

  it('converts the Gemini answer to the golden OpenAI response (tokens estimated as chars/4)', () => {
    expect(geminiEmbeddingsToOpenAIResponse(geminiResponse(), openAIRequest(), 'embedder')).toEqual(
      fixtureJson(__dirname, 'embeddings.openai-response.json'),
    );
  });

  it('encodes base64 as little-endian float32 that decodes back to the values', () => {
    const response = geminiEmbeddingsToOpenAIResponse(
      geminiResponse(),
      { ...openAIRequest(), encoding_format: 'base64' },
      'embedder',
    );
    const first = response.data[0].embedding as string;
    expect(typeof first).toBe('string');
    expect(Buffer.from(first, 'base64').readFloatLE(4)).toBe(-0.25);
    expect(base64ToFloats(first)).toEqual([0.5, -0.25, 0.125, 1]);
    const second = base64ToFloats(response.data[1].embedding as string);
    [-0.0185, 0.0271, 0.3333, -0.9].forEach((value, i) => expect(second[i]).toBeCloseTo(value, 6));
  });

  it('fails when Gemini returns fewer embeddings than inputs', () => {
    expect(() =>
      geminiEmbeddingsToOpenAIResponse({ embeddings: [{ values: [1] }] }, openAIRequest(), 'e'),
    ).toThrow('Gemini returned 1 embeddings for 2 inputs.');
  });

  it.each<[string, unknown, string | null]>([
    ['a body that is not an object', [], null],
    ['no input', { model: 'e' }, 'input'],
    ['an empty input array', { model: 'e', input: [] }, 'input'],
    ['token arrays', { model: 'e', input: [[1, 2, 3]] }, 'input'],
    ['a token array', { model: 'e', input: [1, 2, 3] }, 'input'],
    ['too many inputs', { model: 'e', input: Array(GEMINI_MAX_BATCH + 1).fill('a') }, 'input'],
    ['an unknown encoding', { model: 'e', input: 'a', encoding_format: 'int8' }, 'encoding_format'],
    ['zero dimensions', { model: 'e', input: 'a', dimensions: 0 }, 'dimensions'],
  ])('rejects %s', (_what, body, param) => {
    expect(paramOf(() => openAIEmbeddingsToGeminiRequest(body, 'm'))).toBe(param);
  });
});

describe('Gemini embeddings client → OpenAI embeddings provider', () => {
  it('turns embedContent into a single-input request', () => {
    const body = {
      model: 'models/gemini-embedding-001',
      content: { parts: [{ text: 'Hello' }, { text: 'world' }] },
      taskType: 'RETRIEVAL_QUERY',
      outputDimensionality: 256,
    };
    expect(
      geminiEmbedRequestToOpenAI(body, { model: 'text-embedding-3-small', batch: false }),
    ).toEqual({
      model: 'text-embedding-3-small',
      input: 'Hello\nworld',
      encoding_format: 'float',
      dimensions: 256,
    });
  });

  it('turns batchEmbedContents into a list of inputs', () => {
    const request = (text: string) => ({ model: 'models/x', content: { parts: [{ text }] } });
    expect(
      geminiEmbedRequestToOpenAI(
        { requests: [request('a'), request('b')] },
        { model: 'm', batch: true },
      ),
    ).toEqual({ model: 'm', input: ['a', 'b'], encoding_format: 'float' });
  });

  it.each<[string, unknown, boolean, string]>([
    ['no requests', {}, true, 'requests'],
    ['no content', { requests: [{ model: 'x' }] }, true, 'requests[0].content'],
    [
      'an image',
      { content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'AA' } }] } },
      false,
      'request.content.parts[0]',
    ],
    [
      'different dimensions in one batch',
      {
        requests: [
          { content: { parts: [{ text: 'a' }] }, outputDimensionality: 8 },
          { content: { parts: [{ text: 'b' }] } },
        ],
      },
      true,
      'outputDimensionality',
    ],
  ])('rejects %s', (_what, body, batch, param) => {
    expect(paramOf(() => geminiEmbedRequestToOpenAI(body, { model: 'm', batch }))).toBe(param);
  });

  it('converts the OpenAI answer to {embedding} or {embeddings}, in index order', () => {
    const openAI = fixtureJson<{ data: unknown[] }>(__dirname, 'embeddings.openai-response.json');
    const shuffled = { ...openAI, data: [...openAI.data].reverse() };
    expect(openAIEmbeddingsToGeminiResponse(shuffled, true)).toEqual(geminiResponse());
    expect(openAIEmbeddingsToGeminiResponse(openAI, false)).toEqual({
      embedding: { values: [0.5, -0.25, 0.125, 1] },
    });
  });

  it('reads base64 embeddings from the provider', () => {
    const body = {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: floatsToBase64([0.5, 2]) }],
    };
    expect(openAIEmbeddingsToGeminiResponse(body, false)).toEqual({
      embedding: { values: [0.5, 2] },
    });
  });

  it('fails on a response without data', () => {
    expect(() => openAIEmbeddingsToGeminiResponse({ error: {} }, true)).toThrow('no data');
  });
});
