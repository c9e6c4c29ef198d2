import type { CanonicalResponse, StreamEvent } from '../conversion/canonical/types';
import { familyOf } from '../conversion/endpoints';
import { kindForStatus } from '../conversion/error-body';
import { CHAT_CLIENT_ADAPTERS, CHAT_PROVIDER_ADAPTERS } from '../conversion/registry';
import { describeUpstreamError } from '../dispatch/attempt-outcome';
import { isSecretHeader, maskSecret } from '../providers/config.views';
import type { ProviderRuntime } from '../providers/snapshot.types';
import type { ProviderTestResult } from './dto/provider-test.dto';

/**
 * The pure parts of a provider test: the request (an OpenAI chat body converted by the same
 * adapters dispatch uses) and how each kind of answer reads as a result.
 */

export const TEST_PROMPT = 'Reply with OK';
export const TEST_MAX_TOKENS = 16;

/** The body of the test request in the provider's own format. */
export function testRequestBody(
  provider: ProviderRuntime,
  model: string,
  stream: boolean,
): Record<string, unknown> {
  const canonical = CHAT_CLIENT_ADAPTERS.openai.parseRequest(
    {
      model,
      messages: [{ role: 'user', content: TEST_PROMPT }],
      max_tokens: TEST_MAX_TOKENS,
      stream,
    },
    {},
  );
  return CHAT_PROVIDER_ADAPTERS[familyOf(provider.format)].buildRequest(canonical, model, provider);
}

type Timing = Pick<ProviderTestResult, 'latency_ms' | 'model'>;

/** The text of a response's text parts. */
export function answerText(response: Pick<CanonicalResponse, 'content'>): string {
  return response.content
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('')
    .trim();
}

/** The text of a streamed response's events. */
export function streamedText(events: readonly StreamEvent[]): string {
  return events
    .map((e) => (e.type === 'text' ? e.text : ''))
    .join('')
    .trim();
}

/** A 2xx answer whose completion was read. */
export function answered(timing: Timing, status: number, text: string): ProviderTestResult {
  return { ...timing, ok: true, status, answer: text, error: null };
}

/** A non-2xx answer (or a 2xx the gateway could not read): the provider's message if it gave one. */
export function httpFailure(
  timing: Timing,
  provider: ProviderRuntime,
  status: number,
  body: string,
): ProviderTestResult {
  let message: string | null = null;
  try {
    message =
      CHAT_PROVIDER_ADAPTERS[familyOf(provider.format)].parseError(JSON.parse(body))?.message ??
      null;
  } catch {
    message = null;
  }
  const ok = status >= 200 && status < 300;
  // A provider that echoes the key (or a secret header) it was sent must not show it here.
  const secrets = [
    provider.apiKey,
    ...Object.entries(provider.headers).map(([name, v]) => (isSecretHeader(name) ? v : undefined)),
  ];
  for (const secret of secrets) {
    if (message && secret) message = message.split(secret).join(maskSecret(secret));
  }
  return {
    ...timing,
    ok: false,
    status,
    answer: null,
    error: {
      type: ok ? 'upstream' : kindForStatus(status),
      message: ok
        ? 'The provider answered 2xx but not with a completion the gateway could read.'
        : (message ?? `The provider answered HTTP ${status}.`),
    },
  };
}

/** No HTTP answer: DNS, connection, TLS or timeout (a short description, no secrets). */
export function networkFailure(timing: Timing, err: unknown): ProviderTestResult {
  const name = (err as { name?: string } | null)?.name;
  const message =
    name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : describeUpstreamError(err);
  return {
    ...timing,
    ok: false,
    status: null,
    answer: null,
    error: { type: message === 'timeout' ? 'timeout' : 'connection', message },
  };
}
