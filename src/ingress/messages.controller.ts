import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { anthropicClient } from '../conversion/anthropic';
import { countPromptTokens } from '../conversion/canonical/token-count';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { anthropicMessagesIngress } from './anthropic-messages.ingress';
import { ChatHandler } from './chat-handler.service';
import { resolveModel } from './model-access';

const MESSAGE_BODY = {
  description: 'An Anthropic Messages request; `model` is a logical model name',
  schema: {
    type: 'object',
    required: ['model', 'messages', 'max_tokens'],
    properties: {
      model: { type: 'string' },
      max_tokens: { type: 'integer' },
      messages: { type: 'array', items: { type: 'object' } },
      stream: { type: 'boolean' },
    },
  },
};

@ApiTags('anthropic')
@ApiSecurity('x-api-key')
@ApiHeader({ name: 'anthropic-version', required: false, description: 'Accepted and ignored' })
@Controller('v1/messages')
export class MessagesController {
  constructor(
    private readonly chat: ChatHandler,
    private readonly snapshot: ConfigSnapshotService,
  ) {}

  @Post()
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'Anthropic Messages (stream and non-stream), any provider' })
  @ApiBody(MESSAGE_BODY)
  create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() principal: KeyPrincipal,
  ): Promise<void> {
    return this.chat.handle(request, reply, principal, anthropicMessagesIngress);
  }

  @Post('count_tokens')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({
    summary:
      'Count prompt tokens (o200k tokenizer: exact for OpenAI models, an estimate otherwise)',
  })
  @ApiBody(MESSAGE_BODY)
  countTokens(
    @Req() request: FastifyRequest,
    @Principal() principal: KeyPrincipal,
  ): { input_tokens: number } {
    const body = { max_tokens: 1, ...(request.body as object) };
    const canonical = anthropicClient.parseRequest(body, {});
    resolveModel(this.snapshot.current, principal, canonical.model);
    return { input_tokens: countPromptTokens(canonical) };
  }
}
