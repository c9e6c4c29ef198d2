import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { ProvidersModule } from '../providers/providers.module';
import { RoutingModule } from '../routing/routing.module';
import { EmbeddingsProxyService } from './embeddings-proxy.service';
import { FailoverService } from './failover.service';
import { HealthProbeService } from './health-probe.service';
import { ProxyService } from './proxy.service';
import { UpstreamPoolService } from './upstream-pool.service';

@Module({
  imports: [ProvidersModule, RoutingModule, MetricsModule],
  providers: [
    UpstreamPoolService,
    FailoverService,
    ProxyService,
    EmbeddingsProxyService,
    HealthProbeService,
  ],
  exports: [ProxyService, EmbeddingsProxyService, UpstreamPoolService],
})
export class DispatchModule {}
