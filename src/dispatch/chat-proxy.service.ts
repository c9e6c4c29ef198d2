import { Injectable } from '@nestjs/common';
import { finalize, map, Observable, filter } from 'rxjs';
import type { Dispatcher } from 'undici';
import { AllTargetsFailedError, GatewayError } from '../common/errors/gateway-error';
import {
  chunkTextLength,
  clientWantsStreamUsage,
  isUsageOnlyChunk,
  readUsage,
  upstreamChatBody,
} from '../conversion/openai/chat-passthrough';
import { openAIUpstreamHeaders } from '../conversion/openai/upstream';
import { MetricsService } from '../metrics/metrics.service';
import type { TargetRuntime } from '../providers/snapshot.types';
import { RoutingService } from '../routing/routing.service';
import type { UsageDraft } from '../usage/usage-draft';
import { decideOnStatus, describeUpstreamError, outcomeLabel } from './attempt-outcome';
import type { BufferedResult, ProxyContext, StreamResult } from './dispatch.types';
import { peekFirst } from './peek';
import { SseMessage, sseMessages } from './sse';
import { UpstreamPoolService } from './upstream-pool.service';

/** The client went away before an answer: nothing to send, only usage to record. */
export class ClientAbortedError extends GatewayError {
  constructor() {
    super(499, 'invalid_request', 'client_closed_request', 'The client closed the request.');
  }
}

/** The upstream stream ended without its terminator: it was cut. */
export class StreamCutError extends GatewayError {
  constructor(reason: string) {
    super(502, 'upstream', 'upstream_stream_cut', `The upstream stream broke off: ${reason}`);
  }
}

const ESTIMATED_CHARS_PER_TOKEN = 4;

/**
 * The attempt loop for OpenAI chat completions: tries candidates in routing order, moves on
 * when a target fails (network error, timeout, 5xx; for streams, anything before the first
 * event), and passes the body through when client and provider both speak OpenAI.
 */
@Injectable()
export class ChatProxyService {
  constructor(
    private readonly routing: RoutingService,
    private readonly upstream: UpstreamPoolService,
    private readonly metrics: MetricsService,
  ) {}

  async proxy(ctx: ProxyContext): Promise<BufferedResult | StreamResult> {
    const candidates = this.routing.candidates(ctx.model, { stream: ctx.stream });
    const failures: string[] = [];
    for (const target of candidates) {
      const result = ctx.stream
        ? await this.tryStream(ctx, target)
        : await this.tryBuffered(ctx, target);
      if (typeof result !== 'string') return result;
      failures.push(`${target.provider.id}/${target.upstreamModel}: ${result}`);
    }
    if (candidates.length === 0) {
      throw new AllTargetsFailedError(ctx.model.name, [
        `no enabled target can serve a ${ctx.stream ? 'streaming' : 'non-streaming'} request`,
      ]);
    }
    throw new AllTargetsFailedError(ctx.model.name, failures);
  }

  /** Send the request to one target; resolves at its response headers. */
  private async send(
    ctx: ProxyContext,
    target: TargetRuntime,
  ): Promise<{ response: Dispatcher.ResponseData; started: number } | string> {
    const started = performance.now();
    try {
      const response = await this.upstream.request(target.provider, {
        method: 'POST',
        path: '/chat/completions',
        headers: openAIUpstreamHeaders(target.provider, ctx.stream),
        body: upstreamChatBody(ctx.body, target.upstreamModel, ctx.stream),
        signal: ctx.signal,
      });
      this.metrics.upstreamDuration
        .labels(target.provider.id, String(response.statusCode))
        .observe((performance.now() - started) / 1000);
      return { response, started };
    } catch (err) {
      if (ctx.signal.aborted) throw new ClientAbortedError();
      const reason = describeUpstreamError(err);
      this.recordAttempt(ctx.usage, target, 0, started, reason);
      return reason;
    }
  }

  private recordAttempt(
    usage: UsageDraft,
    target: TargetRuntime,
    status: number,
    started: number,
    error?: string,
  ): void {
    usage.attempts.push({
      provider: target.provider.id,
      model: target.upstreamModel,
      status,
      ...(error ? { error } : {}),
      latency_ms: Math.round(performance.now() - started),
    });
    this.metrics.upstreamAttempts.labels(target.provider.id, outcomeLabel(status, error)).inc();
  }

  /** Non-stream: a result, or the reason this target failed (string) so the next is tried. */
  private async tryBuffered(
    ctx: ProxyContext,
    target: TargetRuntime,
  ): Promise<BufferedResult | string> {
    const sent = await this.send(ctx, target);
    if (typeof sent === 'string') return sent;
    return this.buffer(ctx, target, sent.response, sent.started);
  }

  /** Read a whole upstream response: the answer, an upstream 4xx to return, or a failure. */
  private async buffer(
    ctx: ProxyContext,
    target: TargetRuntime,
    response: Dispatcher.ResponseData,
    started: number,
  ): Promise<BufferedResult | string> {
    const decision = decideOnStatus(response.statusCode);
    let body: Buffer;
    try {
      if (decision === 'next_target') {
        await response.body.dump();
        const reason = `HTTP ${response.statusCode}`;
        this.recordAttempt(ctx.usage, target, response.statusCode, started, reason);
        return reason;
      }
      body = Buffer.from(await response.body.arrayBuffer());
    } catch (err) {
      if (ctx.signal.aborted) throw new ClientAbortedError();
      const reason = describeUpstreamError(err);
      this.recordAttempt(ctx.usage, target, 0, started, reason);
      return reason;
    }
    this.recordAttempt(ctx.usage, target, response.statusCode, started);
    ctx.usage.provider = target.provider.id;
    ctx.usage.upstreamModel = target.upstreamModel;
    if (decision === 'ok') {
      const parsed = safeParse(body);
      const usage = parsed ? readUsage(parsed) : null;
      if (usage) Object.assign(ctx.usage, usage);
    }
    const contentType = response.headers['content-type'];
    return {
      kind: 'buffered',
      target,
      status: response.statusCode,
      contentType: typeof contentType === 'string' ? contentType : 'application/json',
      body,
    };
  }

  /** Stream: committed once the first event arrives; earlier failures move to the next target. */
  private async tryStream(
    ctx: ProxyContext,
    target: TargetRuntime,
  ): Promise<BufferedResult | StreamResult | string> {
    const sent = await this.send(ctx, target);
    if (typeof sent === 'string') return sent;
    const { response, started } = sent;
    const decision = decideOnStatus(response.statusCode);
    if (decision !== 'ok') {
      // An upstream error before streaming began: same handling as non-stream.
      return this.buffer(ctx, target, response, started);
    }

    const messages$ = sseMessages(response.body);
    let peeked;
    try {
      peeked = await peekFirst(messages$);
    } catch (err) {
      if (ctx.signal.aborted) throw new ClientAbortedError();
      const reason = `stream failed before the first event: ${describeUpstreamError(err)}`;
      this.recordAttempt(ctx.usage, target, response.statusCode, started, reason);
      return reason;
    }
    if (peeked.first === null) {
      const reason = 'stream ended without events';
      this.recordAttempt(ctx.usage, target, response.statusCode, started, reason);
      return reason;
    }
    this.recordAttempt(ctx.usage, target, response.statusCode, started);
    ctx.usage.provider = target.provider.id;
    ctx.usage.upstreamModel = target.upstreamModel;
    return { kind: 'stream', target, events$: this.passthroughEvents(ctx, peeked.rest$) };
  }

  /**
   * OpenAI SSE → OpenAI SSE: forward each chunk's data untouched, read usage on the way, hide
   * the usage-only chunk from clients that did not ask for it, and fail the stream if it ends
   * without `[DONE]` (a cut stream must never look like a clean finish).
   */
  private passthroughEvents(
    ctx: ProxyContext,
    messages$: Observable<SseMessage>,
  ): Observable<string> {
    const forwardUsageChunk = clientWantsStreamUsage(ctx.body);
    const usage = ctx.usage;
    let sawDone = false;
    let sawUsage = false;
    let textChars = 0;
    return new Observable<string>((subscriber) => {
      const subscription = messages$
        .pipe(
          filter((m) => {
            if (m.data === '[DONE]') {
              sawDone = true;
              return false;
            }
            return !sawDone;
          }),
          map((m) => {
            const chunk = safeParseText(m.data);
            if (!chunk) return m.data;
            const u = readUsage(chunk);
            if (u) {
              sawUsage = true;
              Object.assign(usage, u);
              if (!forwardUsageChunk && isUsageOnlyChunk(chunk)) return null;
            }
            if (!forwardUsageChunk && chunk.usage === null) {
              // `include_usage` (asked by the gateway) adds "usage": null to every chunk; a
              // client that did not ask gets the chunks as the provider would have sent them.
              delete chunk.usage;
              textChars += chunkTextLength(chunk);
              return JSON.stringify(chunk);
            }
            textChars += chunkTextLength(chunk);
            return m.data;
          }),
          filter((d): d is string => d !== null),
          finalize(() => {
            if (!sawUsage) {
              usage.completionTokens = Math.ceil(textChars / ESTIMATED_CHARS_PER_TOKEN);
            }
          }),
        )
        .subscribe({
          next: (data) => {
            usage.markFirstToken();
            subscriber.next(data);
          },
          error: (err: unknown) => {
            usage.streamCut = true;
            subscriber.error(new StreamCutError(describeUpstreamError(err)));
          },
          complete: () => {
            if (!sawDone) {
              usage.streamCut = true;
              subscriber.error(new StreamCutError('the upstream closed the stream before [DONE]'));
            } else subscriber.complete();
          },
        });
      return () => subscription.unsubscribe();
    });
  }
}

function safeParse(body: Buffer): Record<string, unknown> | null {
  return safeParseText(body.toString('utf8'));
}

function safeParseText(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
