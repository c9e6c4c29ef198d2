import { Injectable } from '@nestjs/common';
import { InvalidRequestError } from '../common/errors/gateway-error';
import { canEmbed, EmbeddingsRequest, embeddingsExchange } from '../conversion/embeddings-exchange';
import { errorBodyFor, kindForStatus } from '../conversion/error-body';
import { ApiFamily, familyOf, upstreamEndpoint } from '../conversion/endpoints';
import { BODY_MODEL_FIELD, modelAt, renameModel } from '../conversion/model-field';
import { CHAT_PROVIDER_ADAPTERS } from '../conversion/registry';
import { MetricsService } from '../metrics/metrics.service';
import { upstreamModelFor } from '../providers/model-lookup';
import type { TargetRuntime } from '../providers/snapshot.types';
import { RequestFacts } from '../routing/request-facts';
import type { UsageDraft } from '../usage/usage-draft';
import { logAttempt } from './attempt-log';
import { decideOnStatus, describeUpstreamError } from './attempt-outcome';
import { parseRetryAfter } from './backoff';
import { RouteRunner } from './route-runner.service';
import { embeddingsRouteRequest } from './route-requests';
import type { BufferedResult, RouteInfo } from './dispatch.types';
import { AttemptFailure, AttemptResult } from './failover.service';
import type { KeyPrincipal, ModelRuntime } from '../providers/snapshot.types';
import { ClientAbortedError } from './client-aborted.error';
import { UpstreamPoolService } from './upstream-pool.service';

export interface EmbeddingsContext {
  route: RouteInfo;
  principal: KeyPrincipal;
  model: ModelRuntime;
  request: EmbeddingsRequest;
  signal: AbortSignal;
  usage: UsageDraft;
}

/**
 * Embeddings through the targets of a logical model: OpenAI/Azure and Gemini providers, with
 * OpenAI ⇄ Gemini conversion; Anthropic targets cannot embed and are skipped. Same failover
 * rules as chat (network error, timeout, 5xx → next target; other 4xx returned).
 */
@Injectable()
export class EmbeddingsProxyService {
  constructor(
    private readonly runner: RouteRunner,
    private readonly upstream: UpstreamPoolService,
    private readonly metrics: MetricsService,
  ) {}

  async proxy(ctx: EmbeddingsContext): Promise<BufferedResult> {
    if (!ctx.model.targets.some((t) => canEmbed(familyOf(t.provider.format)))) {
      throw new InvalidRequestError(
        `Model '${ctx.model.name}' cannot serve embeddings: none of its targets is an OpenAI, Azure or Gemini provider.`,
        'model',
        'embeddings_not_supported',
      );
    }
    const facts = new RequestFacts(
      embeddingsRouteRequest(ctx.request.model, ctx.request.body, ctx.route, ctx.principal),
    );
    const { result } = await this.runner.run<BufferedResult>(
      { ...ctx, facts, operation: 'embeddings' },
      (t) => this.attempt(ctx, t),
    );
    return result;
  }

  private async attempt(
    ctx: EmbeddingsContext,
    target: TargetRuntime,
  ): Promise<AttemptResult<BufferedResult>> {
    const family = familyOf(target.provider.format);
    const sentModel = upstreamModelFor(target, ctx.request.model);
    const exchange = embeddingsExchange(ctx.request, family, sentModel);
    const endpoint = upstreamEndpoint(target.provider, sentModel, exchange.operation, false);
    const started = performance.now();
    const record = (status: number, error?: string) =>
      logAttempt(this.metrics, ctx.usage, target, sentModel, started, status, error);
    let status = 0;
    let raw: Buffer;
    try {
      const response = await this.upstream.request(target.provider, {
        method: 'POST',
        path: endpoint.path,
        headers: endpoint.headers,
        body: exchange.body,
        signal: ctx.signal,
      });
      status = response.statusCode;
      this.metrics.upstreamDuration
        .labels(target.provider.id, String(status))
        .observe((performance.now() - started) / 1000);
      const decision = decideOnStatus(status);
      if (decision !== 'ok' && decision !== 'return_to_client') {
        await response.body.dump();
        record(status, `HTTP ${status}`);
        return new AttemptFailure(
          `HTTP ${status}`,
          status,
          decision === 'retry' ? 'retry' : 'next_target',
          decision === 'rate_limited',
          parseRetryAfter(response.headers),
        );
      }
      raw = Buffer.from(await response.body.arrayBuffer());
    } catch (err) {
      if (ctx.signal.aborted) throw new ClientAbortedError();
      const reason = describeUpstreamError(err);
      record(0, reason);
      return new AttemptFailure(reason, 0, 'retry');
    }
    record(status);
    ctx.usage.servedBy(target, sentModel);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      json = null;
    }
    if (decideOnStatus(status) === 'return_to_client') {
      const info = json === null ? null : CHAT_PROVIDER_ADAPTERS[family].parseError(json);
      const body =
        family === ctx.request.family
          ? raw
          : JSON.stringify(
              errorBodyFor(ctx.request.family, {
                status,
                kind: kindForStatus(status),
                code: info?.type ?? null,
                message: info?.message ?? `The upstream provider answered HTTP ${status}.`,
              }),
            );
      return { kind: 'buffered', target, status, contentType: 'application/json', body };
    }
    if (json === null) return new AttemptFailure('unreadable response body', status, 'retry');
    const converted = exchange.convertResponse(json);
    ctx.usage.promptTokens = exchange.promptTokens(json);
    ctx.usage.reportedModel = modelAt(json, BODY_MODEL_FIELD[family]) || null;
    return {
      kind: 'buffered',
      target,
      status,
      contentType: 'application/json',
      body:
        converted === json
          ? this.passthroughBody(raw, json, family, ctx)
          : JSON.stringify(converted),
    };
  }

  /** A same-API answer as the provider sent it, but for the model: the name the client asked for. */
  private passthroughBody(
    raw: Buffer,
    json: unknown,
    family: ApiFamily,
    ctx: EmbeddingsContext,
  ): Buffer | string {
    const text = raw.toString('utf8');
    const renamed = renameModel(text, json, BODY_MODEL_FIELD[family], ctx.request.model);
    return renamed === text ? raw : renamed;
  }
}
