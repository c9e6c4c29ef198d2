import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { ProvidersModule } from '../providers/providers.module';
import { QuotaModule } from '../quota/quota.module';
import { TargetHealthService } from './health/target-health.service';
import { RoutingService } from './routing.service';

@Module({
  imports: [ProvidersModule, QuotaModule, MetricsModule],
  providers: [RoutingService, TargetHealthService],
  exports: [RoutingService, TargetHealthService],
})
export class RoutingModule {}
