import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { ChatHandler } from './chat-handler.service';
import { openAIChatIngress } from './openai-chat.ingress';
import { openAICompletionsIngress } from './openai-completions.ingress';
import { openAIResponsesIngress } from './openai-responses.ingress';

@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1')
/** OpenAI text endpoints: chat completions, responses, legacy completions. */
export class OpenAIController {
  constructor(private readonly chat: ChatHandler) {}

  @Post('chat/completions')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'OpenAI chat completions (stream and non-stream), any provider' })
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
  create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() principal: KeyPrincipal,
  ): Promise<void> {
    return this.chat.handle(request, reply, principal, openAIChatIngress);
  }

  @Post('responses')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({
    summary: 'OpenAI Responses (stream and non-stream), any provider; stateless',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['model', 'input'],
      properties: { model: { type: 'string' }, input: {}, stream: { type: 'boolean' } },
    },
  })
  responses(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() principal: KeyPrincipal,
  ): Promise<void> {
    return this.chat.handle(request, reply, principal, openAIResponsesIngress);
  }

  @Post('completions')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'OpenAI legacy completions, answered by a chat model' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['model', 'prompt'],
      properties: { model: { type: 'string' }, prompt: { type: 'string' } },
    },
  })
  completions(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() principal: KeyPrincipal,
  ): Promise<void> {
    return this.chat.handle(request, reply, principal, openAICompletionsIngress);
  }
}
