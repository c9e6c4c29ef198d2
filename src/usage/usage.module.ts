import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { RequestAccountingService } from './request-accounting.service';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

@Module({
  imports: [MetricsModule],
  providers: [UsageRepository, UsageService, RequestAccountingService],
  exports: [UsageService, RequestAccountingService],
})
export class UsageModule {}
