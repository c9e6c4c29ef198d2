import OpenAI, { APIError, APIUserAbortError } from 'openai';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { rejectionOf } from '../support/expect';
import { Gateway, startGateway } from '../support/gateway';
import { usageRowFor } from '../support/usage';

/** A client that goes away, and an upstream that breaks off mid-stream. */
describe('interrupted requests', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let client: OpenAI;
  const messages = [{ role: 'user' as const, content: 'Tell me a long story' }];
  let requestSeq = 0;
  const nextRequestId = () => `e2e-interrupt-${++requestSeq}`;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
    await addProvider(gateway, 'slow', upstream, { retries: 0 });
    await addModel(gateway, 'story', [{ provider: 'slow', model: 'story-upstream' }]);
    client = gateway.openai(await addKey(gateway, 'reader'));
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  beforeEach(() => upstream.reset());

  describe('the client aborts', () => {
    it('mid-stream: the upstream request is closed and usage records 499', async () => {
      upstream.behave({ chunks: ['Once ', 'upon ', 'a ', 'time'], hangAfterEvents: 3 });
      const controller = new AbortController();
      const requestId = nextRequestId();
      const stream = await client.chat.completions.create(
        { model: 'story', messages, stream: true },
        { signal: controller.signal, headers: { 'x-request-id': requestId } },
      );
      let received = '';
      // The SDK ends the iteration quietly when its signal aborts.
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta.content ?? '';
        if (received === 'Once upon ') controller.abort();
      }

      expect(received).toBe('Once upon ');
      const aborted = await upstream.nextAbort();
      expect(aborted.body).toMatchObject({ model: 'story-upstream', stream: true });
      const row = await usageRowFor(gateway.db, requestId);
      expect(row).toMatchObject({ status: 499, stream: true, provider: 'slow' });
      // Billed for what was produced: no usage came, so both sides are estimated — the prompt
      // by the tokenizer, the 10 characters received at ~4 per token.
      expect(row.prompt_tokens).toBeGreaterThan(0);
      expect(row.completion_tokens).toBe(3);
    });

    it.each([
      ['a stream whose first event has not come yet', true],
      ['a non-stream request still waiting for its answer', false],
    ])('%s: the upstream request is closed and usage records 499', async (_case, stream) => {
      upstream.behave(stream ? { hangAfterEvents: 0 } : { hang: true });
      const controller = new AbortController();
      const requestId = nextRequestId();
      const call = client.chat.completions.create(
        { model: 'story', messages, stream },
        { signal: controller.signal, headers: { 'x-request-id': requestId } },
      );
      const settled = rejectionOf(call);
      await upstream.waitForRequests(1);
      controller.abort();

      expect(await settled).toBeInstanceOf(APIUserAbortError);
      const aborted = await upstream.nextAbort();
      expect(aborted.body).toMatchObject({ model: 'story-upstream' });
      const row = await usageRowFor(gateway.db, requestId);
      expect(row).toMatchObject({ status: 499, stream, error_code: 'client_closed_request' });
    });
  });

  describe('the upstream cuts the stream', () => {
    it('the SDK sees an error, not a clean finish, and usage records the cut', async () => {
      upstream.behave({ chunks: ['Once ', 'upon ', 'a ', 'time'], cutAfterEvents: 3 });
      const requestId = nextRequestId();
      const stream = await client.chat.completions.create(
        { model: 'story', messages, stream: true },
        { headers: { 'x-request-id': requestId } },
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

      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).message).toMatch(/broke off|cut/i);
      expect(text).toBe('Once upon ');
      expect(finishReasons).toEqual([]);
      const row = await usageRowFor(gateway.db, requestId);
      expect(row).toMatchObject({
        stream: true,
        stream_cut: true,
        provider: 'slow',
        error_code: 'upstream_stream_cut',
      });
    });

    it('a stream that ends without [DONE] is an error for the SDK too', async () => {
      upstream.behave({ chunks: ['All ', 'but ', 'the end'], omitDone: true });
      const requestId = nextRequestId();
      const stream = await client.chat.completions.create(
        { model: 'story', messages, stream: true },
        { headers: { 'x-request-id': requestId } },
      );
      let text = '';
      const error = await rejectionOf(
        (async () => {
          for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        })(),
      );
      expect(error).toBeInstanceOf(APIError);
      expect(text).toBe('All but the end');
      const row = await usageRowFor(gateway.db, requestId);
      expect(row).toMatchObject({ stream_cut: true, error_code: 'upstream_stream_cut' });
    });

    it('the gateway keeps serving afterwards', async () => {
      upstream.behave({ cutAfterEvents: 2 });
      await rejectionOf(
        (async () => {
          const stream = await client.chat.completions.create({
            model: 'story',
            messages,
            stream: true,
          });
          for await (const _chunk of stream) void _chunk;
        })(),
      );
      upstream.behave({ content: 'The end.' });
      const final = await client.chat.completions
        .stream({ model: 'story', messages })
        .finalChatCompletion();
      expect(final.choices[0].message.content).toBe('The end.');
    });
  });
});
