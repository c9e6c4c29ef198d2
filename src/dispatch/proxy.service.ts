import { Injectable } from '@nestjs/common';
import { finalize, from, lastValueFrom, Observable, reduce, tap } from 'rxjs';
import type { Dispatcher } from 'undici';
import { GatewayError } from '../common/errors/gateway-error';
import { StreamAggregator, responseToEvents } from '../conversion/canonical/stream-bridge';
import type { ClientResponseContext } from '../conversion/canonical/adapters';
import type { CanonicalResponse, SseOut } from '../conversion/canonical/types';
import { errorBodyFor, kindForStatus } from '../conversion/error-body';
import { ApiFamily, familyOf, upstreamEndpoint } from '../conversion/endpoints';
import { BODY_MODEL_FIELD, modelAt, renameModel } from '../conversion/model-field';
import { clientWantsStreamUsage, readUsage } from '../conversion/openai/chat-passthrough';
import { withoutReasoningParams } from '../conversion/reasoning-params';
import { CHAT_PROVIDER_ADAPTERS } from '../conversion/registry';
import { MetricsService } from '../metrics/metrics.service';
import { upstreamModelFor } from '../providers/model-lookup';
import type { TargetRuntime } from '../providers/snapshot.types';
import { TargetHealthService } from '../routing/health/target-health.service';
import { RequestFacts } from '../routing/request-facts';
import { logAttempt } from './attempt-log';
import { decideOnStatus, describeUpstreamError, StatusDecision } from './attempt-outcome';
import { parseRetryAfter } from './backoff';
import { RouteRunner } from './route-runner.service';
import { chatRouteRequest } from './route-requests';
import { ClientAbortedError } from './client-aborted.error';
import { AttemptFailure, AttemptResult } from './failover.service';
import type { BufferedResult, ProxyContext, ProxyResult, StreamResult } from './dispatch.types';
import { peekFirst } from './peek';
import { sseMessages } from './sse';
import {
  decodeStream,
  encodeStream,
  estimateTokens,
  openAIPassthroughStream,
  relayStream,
} from './stream-pipes';
import { UpstreamPoolService } from './upstream-pool.service';
import { droppedToolsHeader, toolsDroppedFor } from './dropped-tools';

interface Attempt {
  ctx: ProxyContext;
  facts: RequestFacts;
  target: TargetRuntime;
  /** The model name sent upstream (the client's own for a `*` target). */
  sentModel: string;
  family: ApiFamily;
  /** Client and provider speak the same API: bodies pass through. */
  passthrough: boolean;
  upstreamStream: boolean;
  started: number;
  /** Client tools the converted request went without (named in a response header). */
  droppedTools: string[];
}

const JSON_TYPE = 'application/json';

/**
 * The attempt loop for chat requests in every format: tries candidates in routing order and
 * moves on when a target fails (network error, timeout, 5xx; for streams, anything before the
 * first event). Same API on both sides: the body passes through with only the model changed.
 * Otherwise: client format → canonical → provider format, and back — streaming included, and
 * across stream support (a target that cannot stream serves a streaming client, and the
 * reverse).
 */
@Injectable()
export class ProxyService {
  constructor(
    private readonly runner: RouteRunner,
    private readonly health: TargetHealthService,
    private readonly upstream: UpstreamPoolService,
    private readonly metrics: MetricsService,
  ) {}

  async proxy(ctx: ProxyContext): Promise<ProxyResult> {
    const { call } = ctx;
    const facts = new RequestFacts(
      chatRouteRequest(ctx.requestedModel, call, ctx.route, ctx.principal),
    );
    const { result, target } = await this.runner.run<ProxyResult>(
      { ...ctx, facts, operation: 'chat' },
      async (t) => {
        const outcome = await this.attempt(ctx, facts, t);
        if (outcome instanceof AttemptFailure) ctx.usage.streamCut = false;
        return outcome;
      },
    );
    if (result.kind === 'stream') {
      const release = this.health.holdStream(target);
      result.events$ = result.events$.pipe(finalize(release));
      // A client that leaves mid-stream is billed what the provider bills: the prompt (counted
      // here when the stream's usage never came) and what was generated (see stream-pipes).
      const usage = ctx.usage;
      const onAbort = () => {
        if (usage.promptTokens === 0) usage.promptTokens = facts.tokenCount;
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    }
    return result;
  }

  private async attempt(
    ctx: ProxyContext,
    facts: RequestFacts,
    target: TargetRuntime,
  ): Promise<AttemptResult<ProxyResult>> {
    const { provider } = target;
    const family = familyOf(provider.format);
    const passthrough = family === ctx.call.family;
    const upstreamStream = ctx.call.stream ? provider.streamSupport : !provider.nonStreamSupport;
    const sentModel = upstreamModelFor(target, ctx.requestedModel);
    ctx.usage.reportedModel = null;
    // A request that cannot be expressed in the provider's format is the client's problem (400).
    const droppedTools = passthrough
      ? []
      : toolsDroppedFor(ctx.call.canonical(), family, ctx.model);
    const body = passthrough
      ? ctx.call.passthroughBody(
          sentModel,
          upstreamStream,
          target.reasoning ? ctx.call.body : withoutReasoningParams(family, ctx.call.body),
        )
      : JSON.stringify(
          CHAT_PROVIDER_ADAPTERS[family].buildRequest(
            {
              ...ctx.call.canonical(),
              stream: upstreamStream,
              ...(target.reasoning ? {} : { reasoning: undefined }),
            },
            sentModel,
            provider,
          ),
        );
    const endpoint = upstreamEndpoint(provider, sentModel, 'chat', upstreamStream);
    if (passthrough && ctx.call.passthroughHeaders) {
      Object.assign(endpoint.headers, ctx.call.passthroughHeaders);
    }
    const a: Attempt = {
      ctx,
      facts,
      target,
      sentModel,
      family,
      passthrough,
      upstreamStream,
      started: performance.now(),
      droppedTools,
    };

    let response: Dispatcher.ResponseData;
    try {
      response = await this.upstream.request(provider, {
        method: 'POST',
        path: endpoint.path,
        headers: endpoint.headers,
        body,
        signal: ctx.signal,
      });
    } catch (err) {
      return this.failed(a, 0, err, 'retry');
    }
    this.metrics.upstreamDuration
      .labels(provider.id, String(response.statusCode))
      .observe((performance.now() - a.started) / 1000);

    const decision = decideOnStatus(response.statusCode);
    if (decision === 'ok' && upstreamStream) return this.fromUpstreamStream(a, response);
    return this.fromUpstreamBody(a, response, decision);
  }

  private failed(
    a: Attempt,
    status: number,
    err: unknown,
    action: 'retry' | 'next_target',
    retryAfterMs?: number,
  ): AttemptFailure {
    if (a.ctx.signal.aborted) throw new ClientAbortedError();
    const reason = typeof err === 'string' ? err : describeUpstreamError(err);
    this.recordAttempt(a, status, reason);
    return new AttemptFailure(reason, status, action, status === 429, retryAfterMs);
  }

  private recordAttempt(a: Attempt, status: number, error?: string): void {
    logAttempt(this.metrics, a.ctx.usage, a.target, a.sentModel, a.started, status, error);
  }

  private committed(a: Attempt, status: number): void {
    this.recordAttempt(a, status);
    a.ctx.usage.servedBy(a.target, a.sentModel);
  }

  /** A whole upstream body: an answer, an error to return, or a failure to fail over. */
  private async fromUpstreamBody(
    a: Attempt,
    response: Dispatcher.ResponseData,
    decision: StatusDecision,
  ): Promise<AttemptResult<ProxyResult>> {
    const status = response.statusCode;
    let raw: Buffer;
    try {
      if (decision === 'retry' || decision === 'next_target' || decision === 'rate_limited') {
        await response.body.dump();
        const action = decision === 'retry' ? 'retry' : 'next_target';
        return this.failed(a, status, `HTTP ${status}`, action, parseRetryAfter(response.headers));
      }
      raw = Buffer.from(await response.body.arrayBuffer());
    } catch (err) {
      return this.failed(a, 0, err, 'retry');
    }
    const contentType = String(response.headers['content-type'] ?? JSON_TYPE);
    if (decision === 'return_to_client') {
      this.committed(a, status);
      return this.upstreamError(a, status, raw, contentType);
    }

    const { ctx } = a;
    if (a.passthrough && !ctx.call.stream) {
      const body = this.passthroughAnswer(a, raw);
      this.committed(a, status);
      return { kind: 'buffered', target: a.target, status, contentType, body };
    }
    let canonical: CanonicalResponse;
    try {
      canonical = CHAT_PROVIDER_ADAPTERS[a.family].parseResponse(JSON.parse(raw.toString('utf8')));
    } catch {
      return this.failed(a, status, 'unreadable response body', 'retry');
    }
    ctx.usage.applyUsage(canonical.usage);
    ctx.usage.reportedModel = canonical.model || null;
    if (!ctx.call.stream) {
      this.committed(a, status);
      return this.buffered(a, canonical);
    }
    // A streaming client served by a non-streaming target: replay the answer as events.
    const encoder = ctx.call.adapter.createStreamEncoder(this.responseContext(a));
    const events$ = encodeStream(from(responseToEvents(canonical)), encoder);
    this.committed(a, status);
    return this.streamResult(a, events$, encoder.doneData);
  }

  /**
   * A same-API answer: its usage and model name accounted, and the body as the provider sent
   * it but for the model, named as the client asked.
   */
  private passthroughAnswer(a: Attempt, raw: Buffer): Buffer | string {
    const { usage } = a.ctx;
    const text = raw.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Usage stays zero: the answer still goes to the client as the provider sent it.
      return raw;
    }
    try {
      const reported =
        a.family === 'openai'
          ? readUsage(json)
          : CHAT_PROVIDER_ADAPTERS[a.family].parseResponse(json).usage;
      if (reported) usage.applyUsage(reported);
    } catch {
      // An answer the gateway cannot read: usage stays zero.
    }
    const field = BODY_MODEL_FIELD[a.family];
    usage.reportedModel = modelAt(json, field) || null;
    const renamed = renameModel(text, json, field, a.ctx.requestedModel);
    return renamed === text ? raw : renamed;
  }

  /** The client's response context, with the prompt count routing made (or makes on demand). */
  private responseContext(a: Attempt): ClientResponseContext {
    return { ...a.ctx.call.responseContext(), promptTokens: () => a.facts.tokenCount };
  }

  private buffered(a: Attempt, response: CanonicalResponse): BufferedResult {
    const body = a.ctx.call.adapter.encodeResponse(response, a.ctx.call.responseContext());
    return {
      kind: 'buffered',
      headers: droppedToolsHeader(a.droppedTools),
      target: a.target,
      status: 200,
      contentType: JSON_TYPE,
      body: JSON.stringify(body),
    };
  }

  /** An upstream 4xx that no other target would fix: in the client's format, same status. */
  private upstreamError(
    a: Attempt,
    status: number,
    raw: Buffer,
    contentType: string,
  ): BufferedResult {
    if (a.passthrough)
      return { kind: 'buffered', target: a.target, status, contentType, body: raw };
    let info = null;
    try {
      info = CHAT_PROVIDER_ADAPTERS[a.family].parseError(JSON.parse(raw.toString('utf8')));
    } catch {
      info = null;
    }
    const message = info?.message ?? `The upstream provider answered HTTP ${status}.`;
    const body = errorBodyFor(a.ctx.call.api, {
      status,
      kind: kindForStatus(status),
      code: info?.type ?? null,
      message,
    });
    return {
      kind: 'buffered',
      target: a.target,
      status,
      contentType: JSON_TYPE,
      body: JSON.stringify(body),
    };
  }

  /** A streaming upstream answer: relayed, converted, or collected for a non-stream client. */
  private async fromUpstreamStream(
    a: Attempt,
    response: Dispatcher.ResponseData,
  ): Promise<AttemptResult<ProxyResult>> {
    const { ctx } = a;
    const messages$ = sseMessages(response.body, ctx.flow);
    const decoder = CHAT_PROVIDER_ADAPTERS[a.family].createStreamDecoder();
    if (a.passthrough && ctx.call.stream) {
      const events$ =
        a.family === 'openai'
          ? openAIPassthroughStream(
              messages$,
              ctx.usage,
              clientWantsStreamUsage(ctx.call.body),
              ctx.requestedModel,
            )
          : relayStream(messages$, decoder, ctx.usage, a.family, ctx.requestedModel);
      return this.commitStream(
        a,
        response.statusCode,
        events$,
        a.family === 'openai' ? '[DONE]' : null,
      );
    }
    const canonical$ = decodeStream(messages$, decoder, ctx.usage);
    if (ctx.call.stream) {
      const encoder = ctx.call.adapter.createStreamEncoder(this.responseContext(a));
      return this.commitStream(
        a,
        response.statusCode,
        encodeStream(canonical$, encoder),
        encoder.doneData,
      );
    }
    // A non-streaming client served by a stream-only target: collect the whole answer.
    let aggregate: StreamAggregator;
    try {
      aggregate = await lastValueFrom(
        canonical$.pipe(
          reduce((acc, event) => {
            acc.add(event);
            return acc;
          }, new StreamAggregator()),
        ),
      );
    } catch (err) {
      ctx.usage.streamCut = false;
      const reason = err instanceof Error ? err.message : err;
      return this.failed(a, response.statusCode, reason, 'retry');
    }
    const canonical = aggregate.response();
    if (!aggregate.usage)
      canonical.usage.completionTokens = estimateTokens(aggregate.generatedChars);
    this.committed(a, response.statusCode);
    return this.buffered(a, canonical);
  }

  /** Wait for the first event: until then the next target can still take over. */
  private async commitStream(
    a: Attempt,
    status: number,
    events$: Observable<SseOut>,
    doneData: string | null,
  ): Promise<AttemptResult<ProxyResult>> {
    let peeked;
    try {
      peeked = await peekFirst(events$);
    } catch (err) {
      const reason = `stream failed before the first event: ${errorText(err)}`;
      return this.failed(a, status, reason, 'retry');
    }
    if (peeked.first === null) {
      return this.failed(a, status, 'stream ended without events', 'retry');
    }
    this.committed(a, status);
    return this.streamResult(a, peeked.rest$, doneData);
  }

  private streamResult(
    a: Attempt,
    events$: Observable<SseOut>,
    doneData: string | null,
  ): StreamResult {
    const usage = a.ctx.usage;
    return {
      kind: 'stream',
      headers: droppedToolsHeader(a.droppedTools),
      target: a.target,
      events$: events$.pipe(tap(() => usage.markFirstToken())),
      doneData,
    };
  }
}

function errorText(err: unknown): string {
  if (err instanceof GatewayError) return err.message;
  return describeUpstreamError(err);
}
