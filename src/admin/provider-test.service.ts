import { Injectable } from '@nestjs/common';
import { lastValueFrom, mergeMap, reduce } from 'rxjs';
import type { StreamEvent } from '../conversion/canonical/types';
import { familyOf, upstreamEndpoint } from '../conversion/endpoints';
import { CHAT_PROVIDER_ADAPTERS } from '../conversion/registry';
import { InvalidRequestError, NotFoundError } from '../common/errors/gateway-error';
import { sseMessages } from '../dispatch/sse';
import { UpstreamPoolService } from '../dispatch/upstream-pool.service';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { ProviderRuntime } from '../providers/snapshot.types';
import type { ProviderTestResult } from './dto/provider-test.dto';
import {
  answered,
  answerText,
  httpFailure,
  networkFailure,
  streamedText,
  testRequestBody,
} from './provider-test';

/** The longest a test waits, whatever the provider's own timeout. */
const TEST_TIMEOUT_MS = 30_000;
/** Most of an error body read (a message is near the start). */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * `POST /admin/providers/{id}/test`: one small chat request to a provider with its stored
 * secret, sent through the same connection pool, endpoint and body conversion as dispatch —
 * but outside routing: no quotas, health, failover or usage records.
 */
@Injectable()
export class ProviderTestService {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly upstream: UpstreamPoolService,
  ) {}

  async test(id: string, requested: string | undefined): Promise<ProviderTestResult> {
    const provider = this.snapshot.current.providers.get(id);
    if (!provider) throw new NotFoundError(`Provider '${id}' not found.`, 'provider_not_found');
    const model = requested ?? this.defaultModel(provider);
    // Non-streamed unless the provider only streams.
    const stream = !provider.nonStreamSupport;
    const endpoint = upstreamEndpoint(provider, model, 'chat', stream);
    const started = performance.now();
    const timing = () => ({ model, latency_ms: Math.round(performance.now() - started) });
    const signal = AbortSignal.timeout(Math.min(provider.timeoutMs, TEST_TIMEOUT_MS));
    try {
      const response = await this.upstream.request(provider, {
        method: 'POST',
        path: endpoint.path,
        headers: endpoint.headers,
        body: JSON.stringify(testRequestBody(provider, model, stream)),
        signal,
      });
      const status = response.statusCode;
      if (status < 200 || status >= 300) {
        const body = await readLimited(response.body, ERROR_BODY_LIMIT);
        return httpFailure(timing(), provider, status, body);
      }
      const text = stream
        ? await this.streamedAnswer(provider, response.body)
        : this.bufferedAnswer(provider, await response.body.text());
      return text === null
        ? httpFailure(timing(), provider, status, '')
        : answered(timing(), status, text);
    } catch (err) {
      return networkFailure(timing(), err);
    }
  }

  /** The upstream model of one of the provider's targets (an exact name, not `*`). */
  private defaultModel(provider: ProviderRuntime): string {
    for (const model of this.snapshot.current.models.values()) {
      const target = model.targets.find(
        (t) => t.provider.id === provider.id && t.upstreamModel !== '*',
      );
      if (target) return target.upstreamModel;
    }
    throw new InvalidRequestError(
      `Provider '${provider.id}' is no target of any model with a model name: give the upstream \`model\` to test.`,
      'model',
    );
  }

  private bufferedAnswer(provider: ProviderRuntime, body: string): string | null {
    try {
      return answerText(
        CHAT_PROVIDER_ADAPTERS[familyOf(provider.format)].parseResponse(JSON.parse(body)),
      );
    } catch {
      return null;
    }
  }

  private async streamedAnswer(
    provider: ProviderRuntime,
    body: AsyncIterable<Uint8Array> & { destroy?: (err?: Error) => void },
  ): Promise<string | null> {
    const decoder = CHAT_PROVIDER_ADAPTERS[familyOf(provider.format)].createStreamDecoder();
    try {
      const events = await lastValueFrom(
        sseMessages(body).pipe(
          mergeMap((m) => decoder.decode({ event: m.event, data: m.data })),
          reduce((all, e) => [...all, e], [] as StreamEvent[]),
        ),
      );
      events.push(...decoder.end());
      return streamedText(events);
    } catch {
      return null;
    }
  }
}

async function readLimited(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}
