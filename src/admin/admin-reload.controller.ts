import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import { ConfigBootstrapService } from '../providers/config-bootstrap.service';
import { AdminOnly } from './admin.decorators';
import { ReloadResult, ReloadResultDto } from './dto/stats.dto';

@ApiTags('admin: config')
@AdminOnly()
@Controller('admin')
export class AdminReloadController {
  constructor(
    private readonly bootstrap: ConfigBootstrapService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  @Post('reload')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Re-apply the GATEWAY_CONFIG file (entries upserted by id/name) and reload the configuration',
  })
  @ApiOkResponse({ type: ReloadResultDto.Output })
  async reload(): Promise<ReloadResult> {
    const applied = await this.bootstrap.reload();
    return { config_file: this.env.GATEWAY_CONFIG ?? null, ...applied };
  }
}
