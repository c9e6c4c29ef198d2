import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { embeddingsRequestSchema } from '../conversion/openai/embeddings-request.schema';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { EmbeddingsHandler } from './embeddings.handler';
import { parseBody } from './parse-body';

@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1')
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsHandler) {}

  @Post('embeddings')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'OpenAI embeddings (OpenAI, Azure and Gemini targets)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['model', 'input'],
      properties: { model: { type: 'string' }, input: {}, dimensions: { type: 'integer' } },
    },
  })
  create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() principal: KeyPrincipal,
  ): Promise<void> {
    return this.embeddings.handle(request, reply, principal, '/v1/embeddings', () => {
      const body = parseBody(embeddingsRequestSchema, request.body);
      return { family: 'openai', body, model: body.model, batch: Array.isArray(body.input) };
    });
  }
}
