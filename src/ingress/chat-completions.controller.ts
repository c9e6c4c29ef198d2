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
import { writeSse } from '../dispatch/sse-writer';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { RequestAccountingService } from '../usage/request-accounting.service';
import { resolveModel } from './model-access';
import { parseBody } from './parse-body';

const ENDPOINT = '/v1/chat/completions';

/** The data of the SSE error event that ends a broken OpenAI stream. */
function openAIStreamError(err: unknown): string {
  const d = describeError(err, 0);
  return JSON.stringify(openAIErrorBody(d.kind, d.message, d.code));
}

@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1')
export class ChatCompletionsController {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly proxy: ChatProxyService,
    private readonly accounting: RequestAccountingService,
  ) {}

  @Post('chat/completions')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'OpenAI chat completions (stream and non-stream)' })
  @ApiBody({
    description: 'An OpenAI chat completion request; `model` is a logical model name',
    schema: {
      type: 'object',
      required: ['model', 'messages'],
      properties: {
        model: { type: 'string' },
        messages: { type: 'array', items: { type: 'object' } },
        stream: { type: 'boolean' },
      },
    },
  })
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() principal: KeyPrincipal,
  ): Promise<void> {
    const account = this.accounting.begin(request, reply, principal, ENDPOINT);
    try {
      const body = parseBody(chatRequestSchema, request.body);
      const model = resolveModel(this.snapshot.current, principal, body.model);
      account.modelResolved(model.name);
      const result = await this.proxy.proxy({
        principal,
        model,
        body,
        stream: body.stream === true,
        signal: account.signal,
        usage: account.usage,
      });
      const headers = {
        'x-request-id': request.id,
        ...routingHeaders(result.target, account.usage.attempts.length),
      };
      if (result.kind === 'buffered') {
        void reply
          .status(result.status)
          .headers(headers)
          .type(result.contentType)
          .send(result.body);
        account.settle(result.status, result.status >= 400 ? `upstream_${result.status}` : null);
        return;
      }
      reply.hijack();
      writeSse(reply.raw, result.events$, {
        headers,
        doneData: '[DONE]',
        errorData: openAIStreamError,
        onEnd: (end, err) => {
          if (end === 'complete') account.settle(200, null);
          else if (end === 'aborted') account.settle(499, 'client_closed_request');
          else account.settle(200, describeError(err, 0).code ?? 'stream_error');
        },
      });
    } catch (err) {
      const described = describeError(err, 0);
      account.settle(described.status, described.code);
      if (err instanceof ClientAbortedError) return;
      throw err;
    }
  }
}
