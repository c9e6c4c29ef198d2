import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { ProvidersModule } from '../providers/providers.module';
import { QuotaResetService } from './quota-reset.service';
import { QuotaStatsService } from './quota-stats.service';
import { QuotaRepository } from './quota.repository';
import { QuotaService } from './quota.service';

/**
 * Target quotas, key limits (rpm/tpm, budgets), their resets and stats. PrismaService comes
 * from the global DatabaseModule, SchedulerRegistry from ScheduleModule.forRoot().
 */
@Module({
  imports: [ProvidersModule, MetricsModule],
  providers: [QuotaRepository, QuotaService, QuotaResetService, QuotaStatsService],
  exports: [QuotaService, QuotaStatsService],
})
export class QuotaModule {}
