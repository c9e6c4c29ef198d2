import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { ProvidersModule } from '../providers/providers.module';
import { RoutingModule } from '../routing/routing.module';
import { EmbeddingsProxyService } from './embeddings-proxy.service';
import { ProxyService } from './proxy.service';
import { UpstreamPoolService } from './upstream-pool.service';

@Module({
  imports: [ProvidersModule, RoutingModule, MetricsModule],
  providers: [UpstreamPoolService, ProxyService, EmbeddingsProxyService],
  exports: [ProxyService, EmbeddingsProxyService, UpstreamPoolService],
})
export class DispatchModule {}
