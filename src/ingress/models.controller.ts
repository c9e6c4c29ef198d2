import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { KeyPrincipal, ModelRuntime } from '../providers/snapshot.types';
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

  private openAIModel(model: ModelRuntime) {
    const created = Math.floor(this.snapshot.current.loadedAt.getTime() / 1000);
    return { id: model.name, object: 'model', created, owned_by: 'switchboard' };
  }

  @Get()
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'The logical models this key may use (OpenAI list shape)' })
  list(@Principal() principal: KeyPrincipal) {
    return {
      object: 'list',
      data: [...this.snapshot.current.models.values()]
        .filter((m) => principal.allowsModel(m.name))
        .map((m) => this.openAIModel(m)),
    };
  }

  @Get(':model')
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'One logical model this key may use (OpenAI model shape)' })
  get(@Param('model') name: string, @Principal() principal: KeyPrincipal) {
    return this.openAIModel(resolveModel(this.snapshot.current, principal, name));
  }
}
