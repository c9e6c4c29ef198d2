import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

@Module({
  imports: [MetricsModule],
  providers: [UsageRepository, UsageService],
  exports: [UsageService],
})
export class UsageModule {}
