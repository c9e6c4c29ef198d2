import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { ProvidersModule } from '../providers/providers.module';
import { RoutingModule } from '../routing/routing.module';
import { ChatProxyService } from './chat-proxy.service';
import { UpstreamPoolService } from './upstream-pool.service';

@Module({
  imports: [ProvidersModule, RoutingModule, MetricsModule],
  providers: [UpstreamPoolService, ChatProxyService],
  exports: [ChatProxyService, UpstreamPoolService],
})
export class DispatchModule {}
