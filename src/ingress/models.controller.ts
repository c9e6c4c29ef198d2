import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import { listedModels } from '../providers/model-lookup';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { resolveModel } from './model-access';

/**
 * OpenAI's model list and retrieve. A request authenticated the Gemini way (`x-goog-api-key`,
 * `?key=`) is served the Gemini shape instead (rewritten to /v1beta: see client-paths.ts).
 */
@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1/models')
export class ModelsController {
  constructor(private readonly snapshot: ConfigSnapshotService) {}

  private openAIModel(name: string) {
    const created = Math.floor(this.snapshot.current.loadedAt.getTime() / 1000);
    return { id: name, object: 'model', created, owned_by: 'switchboard' };
  }

  @Get()
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'The logical models this key may use (OpenAI list shape)' })
  list(@Principal() principal: KeyPrincipal) {
    return {
      object: 'list',
      data: listedModels(this.snapshot.current, principal.allowsModel).map((m) =>
        this.openAIModel(m.name),
      ),
    };
  }

  @Get(':model')
  @UseGuards(ApiKeyGuard)
  @ApiOperation({
    summary: 'One model this key may use (OpenAI model shape), under the name asked for',
  })
  get(@Param('model') name: string, @Principal() principal: KeyPrincipal) {
    resolveModel(this.snapshot.current, principal, name);
    return this.openAIModel(name);
  }
}
