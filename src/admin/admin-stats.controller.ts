import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QuotaStatsService } from '../quota/quota-stats.service';
import { AdminOnly } from './admin.decorators';
import { QuotaStatsAnswer, QuotaStatsDto } from './dto/stats.dto';

/** Quota and key-limit use, read from Postgres: the same answer on every instance. */
@ApiTags('admin: stats')
@AdminOnly()
@Controller('admin')
export class AdminStatsController {
  constructor(private readonly stats: QuotaStatsService) {}

  @Get('stats')
  @ApiOperation({
    summary: 'Quota use per target and limit/budget use per key in the current periods',
    description:
      'Per model, every target with a quota: its limits, the current period (read in TZ), ' +
      'requests and tokens used and remaining, the last recorded reset and the next one. ' +
      'Per key with rpm/tpm limits or a budget: the limits, the budget period and the USD ' +
      'spent in it, and the requests and tokens of its last 60 s.',
  })
  @ApiOkResponse({
    description: 'Use of every quota, limit and budget of the configuration',
    type: QuotaStatsDto.Output,
  })
  get(): Promise<QuotaStatsAnswer> {
    return this.stats.stats();
  }
}
