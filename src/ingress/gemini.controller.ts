import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { InvalidRequestError, NotFoundError } from '../common/errors/gateway-error';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import { listedModels } from '../providers/model-lookup';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { ChatHandler } from './chat-handler.service';
import { EmbeddingsHandler } from './embeddings.handler';
import { countGeminiTokens } from './gemini-count-tokens';
import { geminiIngress, splitModelMethod } from './gemini.ingress';
import { resolveModel } from './model-access';

/** A model as Gemini describes one, named as the client knows it (not a glob entry's name). */
function geminiModel(name: string) {
  return {
    name: `models/${name}`,
    baseModelId: name,
    version: '1',
    displayName: name,
    description: `Switchboard logical model ${name}`,
    supportedGenerationMethods: [
      'generateContent',
      'streamGenerateContent',
      'countTokens',
      'embedContent',
      'batchEmbedContents',
    ],
  };
}

@ApiTags('gemini')
@ApiSecurity('x-goog-api-key')
@Controller('v1beta/models')
export class GeminiController {
  constructor(
    private readonly chat: ChatHandler,
    private readonly embeddings: EmbeddingsHandler,
    private readonly snapshot: ConfigSnapshotService,
  ) {}

  @Get()
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'The logical models this key may use (Gemini list shape)' })
  list(@Principal() principal: KeyPrincipal) {
    return {
      models: listedModels(this.snapshot.current, principal.allowsModel).map((m) =>
        geminiModel(m.name),
      ),
    };
  }

  @Get(':model')
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'One logical model (Gemini shape)' })
  get(@Param('model') name: string, @Principal() principal: KeyPrincipal) {
    resolveModel(this.snapshot.current, principal, name);
    return geminiModel(name);
  }

  @Post(':target')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({
    summary:
      '{model}:generateContent, :streamGenerateContent (?alt=sse for SSE, else a JSON array), :countTokens, :embedContent, :batchEmbedContents',
    description: 'Also served as POST /v1/models/{model}:{method} (API version v1).',
  })
  generate(
    @Param('target') target: string,
    @Query('alt') alt: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() principal: KeyPrincipal,
  ): Promise<void> {
    const { model, method } = splitModelMethod(target);
    if (method === 'embedContent' || method === 'batchEmbedContents') {
      const batch = method === 'batchEmbedContents';
      return this.embeddings.handle(request, reply, principal, `/v1beta/models:${method}`, () => {
        const body = request.body;
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          throw new InvalidRequestError(
            'Request body must be a JSON object.',
            null,
            'invalid_body',
          );
        }
        return { family: 'gemini', body: body as Record<string, unknown>, model, batch };
      });
    }
    if (method === 'countTokens') {
      resolveModel(this.snapshot.current, principal, model.replace(/^models\//, ''));
      void reply.send(countGeminiTokens(model, request.body));
      return Promise.resolve();
    }
    if (method !== 'generateContent' && method !== 'streamGenerateContent') {
      throw new NotFoundError(`Method '${method}' is not supported by this gateway.`);
    }
    return this.chat.handle(request, reply, principal, geminiIngress(model, method, alt === 'sse'));
  }
}
