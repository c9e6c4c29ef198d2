import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { ChatHandler } from './chat-handler.service';
import { openAIChatIngress } from './openai-chat.ingress';

@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1')
export class ChatCompletionsController {
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
}
