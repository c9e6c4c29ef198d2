import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { describeError } from '../common/errors/describe-error';
import { chatRequestSchema } from '../conversion/openai/chat-request.schema';
import { openAIErrorBody } from '../conversion/openai/errors';
import { ChatProxyService, ClientAbortedError } from '../dispatch/chat-proxy.service';
import { routingHeaders } from '../dispatch/dispatch.types';
import { StreamEnd, writeSse } from '../dispatch/sse-writer';
import { MetricsService } from '../metrics/metrics.service';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { UsageDraft } from '../usage/usage-draft';
import { UsageService } from '../usage/usage.service';
import { resolveModel } from './model-access';
import { parseBody } from './parse-body';

const ENDPOINT = '/v1/chat/completions';

@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1')
export class ChatCompletionsController {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly proxy: ChatProxyService,
    private readonly usage: UsageService,
    private readonly metrics: MetricsService,
  ) {}

  @Post('chat/completions')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'OpenAI chat completions (stream and non-stream)' })
  @ApiBody({ schema: { type: 'object', required: ['model', 'messages'] } })
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() principal: KeyPrincipal,
  ): Promise<void> {
    const rawModel = (request.body as { model?: unknown } | null)?.model;
    const draft = new UsageDraft(
      request.id,
      ENDPOINT,
      principal.id,
      principal.name,
      typeof rawModel === 'string' ? rawModel : '',
      (request.body as { stream?: unknown } | null)?.stream === true,
    );
    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    this.metrics.inFlight.labels(ENDPOINT).inc();
    let settled = false;
    const settle = (status: number, errorCode: string | null) => {
      if (settled) return;
      settled = true;
      this.metrics.inFlight.labels(ENDPOINT).dec();
      const entry = draft.finish(status, errorCode);
      this.usage.record(entry);
      this.metrics.requests
        .labels(entry.model, entry.provider ?? '', ENDPOINT, String(status))
        .inc();
      this.metrics.requestDuration
        .labels(entry.model, ENDPOINT, String(entry.stream))
        .observe(entry.latencyMs / 1000);
      if (entry.ttftMs !== null)
        this.metrics.timeToFirstToken.labels(entry.model).observe(entry.ttftMs / 1000);
    };

    try {
      const body = parseBody(chatRequestSchema, request.body);
      const model = resolveModel(this.snapshot.current, principal, body.model);
      const stream = body.stream === true;
      const result = await this.proxy.proxy({
        principal,
        model,
        body,
        stream,
        signal: abort.signal,
        usage: draft,
      });
      const headers = {
        'x-request-id': request.id,
        ...routingHeaders(result.target, draft.attempts.length),
      };
      if (result.kind === 'buffered') {
        void reply
          .status(result.status)
          .headers(headers)
          .type(result.contentType)
          .send(result.body);
        settle(result.status, result.status >= 400 ? `upstream_${result.status}` : null);
        return;
      }
      reply.hijack();
      writeSse(reply.raw, result.events$, {
        headers,
        doneData: '[DONE]',
        errorData: (err) => {
          const d = describeError(err, 0);
          return JSON.stringify(openAIErrorBody(d.kind, d.message, d.code));
        },
        onEnd: (end: StreamEnd, err?: unknown) => {
          if (end === 'complete') settle(200, null);
          else if (end === 'aborted') settle(499, 'client_closed_request');
          else settle(200, describeError(err, 0).code ?? 'stream_error');
        },
      });
    } catch (err) {
      const described = describeError(err, 0);
      settle(described.status, described.code);
      if (err instanceof ClientAbortedError) return;
      throw err;
    }
  }
}
