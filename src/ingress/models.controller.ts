import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import { listedModels } from '../providers/model-lookup';
import type { KeyPrincipal } from '../providers/snapshot.types';

@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1')
export class ModelsController {
  constructor(private readonly snapshot: ConfigSnapshotService) {}

  @Get('models')
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'The logical models this key may use (OpenAI list shape)' })
  list(@Principal() principal: KeyPrincipal) {
    const { current } = this.snapshot;
    const created = Math.floor(current.loadedAt.getTime() / 1000);
    return {
      object: 'list',
      data: listedModels(current, principal.allowsModel).map((m) => ({
        id: m.name,
        object: 'model',
        created,
        owned_by: 'switchboard',
      })),
    };
  }
}
