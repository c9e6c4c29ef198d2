import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { ProvidersModule } from '../providers/providers.module';
import { QuotaModule } from '../quota/quota.module';
import { RoutingModule } from '../routing/routing.module';
import { AdmissionService } from './admission.service';
import { EmbeddingsProxyService } from './embeddings-proxy.service';
import { FailoverService } from './failover.service';
import { HealthProbeService } from './health-probe.service';
import { ProxyService } from './proxy.service';
import { RouteRunner } from './route-runner.service';
import { UpstreamPoolService } from './upstream-pool.service';

@Module({
  imports: [ProvidersModule, QuotaModule, RoutingModule, MetricsModule],
  providers: [
    UpstreamPoolService,
    AdmissionService,
    FailoverService,
    RouteRunner,
    ProxyService,
    EmbeddingsProxyService,
    HealthProbeService,
  ],
  exports: [ProxyService, EmbeddingsProxyService, UpstreamPoolService],
})
export class DispatchModule {}
