import { vi } from 'vitest';

/** A stream body the test writes to, frame by frame, as the gateway would. */
export function sseBody() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    body,
    /** Write raw wire text (may hold part of a frame, or several). */
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    /** Write one `data:` event. */
    event: (data: unknown) =>
      controller.enqueue(
        encoder.encode(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`),
      ),
    end: () => controller.close(),
    fail: (err: unknown) => controller.error(err),
  };
}

/** One chunk of an OpenAI chat completion stream. */
export function chunk(content: string | null, extra: Record<string, unknown> = {}) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model: 'chat',
    choices: content === null ? [] : [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  };
}

export interface ChatCall {
  body: Record<string, unknown>;
  signal: AbortSignal;
}

/**
 * Stand in for POST /v1/chat/completions on top of a fakeGateway (which only answers JSON):
 * `answer` gives the Response; every call's body and abort signal is recorded. An aborted call
 * errors its stream body as fetch does.
 */
export function fakeChat(answer: (call: ChatCall) => Response) {
  const calls: ChatCall[] = [];
  const gatewayFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/v1/chat/completions') {
      return gatewayFetch(input, init);
    }
    const call = {
      body: (await request.json()) as Record<string, unknown>,
      signal: request.signal,
    };
    calls.push(call);
    return answer(call);
  });
  return calls;
}

/** Headers the gateway sets on a routed answer. */
export const ROUTED = {
  'x-request-id': 'req-123',
  'x-switchboard-provider': 'openai-main',
  'x-switchboard-model': 'gpt-4o-2024-08-06',
  'x-switchboard-attempts': '2',
};

/** A streamed answer whose body is `stream`, erroring it when the request is aborted. */
export function streamed(stream: ReturnType<typeof sseBody>, call: ChatCall): Response {
  call.signal.addEventListener('abort', () =>
    stream.fail(new DOMException('The operation was aborted.', 'AbortError')),
  );
  return new Response(stream.body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', ...ROUTED },
  });
}
