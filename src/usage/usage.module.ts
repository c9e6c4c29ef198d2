import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RequestAccountingService } from './request-accounting.service';
import { UsageQueryRepository } from './usage-query.repository';
import { UsageTimeseriesRepository } from './usage-timeseries.repository';
import { UsageRetentionService } from './usage-retention.service';
import { UsageController } from './usage.controller';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

@Module({
  imports: [MetricsModule, AuthModule],
  controllers: [UsageController],
  providers: [
    UsageRepository,
    UsageService,
    RequestAccountingService,
    UsageQueryRepository,
    UsageTimeseriesRepository,
    UsageRetentionService,
  ],
  exports: [UsageService, RequestAccountingService],
})
export class UsageModule {}
